// Indicator charts of an initiative (Chart.js): one line per indicator over the reported
// years, with its target. The table next to them carries the same figures for screen readers
// and for browsers without JavaScript.
(function () {
  var data = document.getElementById("indicator-data");
  var holder = document.getElementById("indicator-charts");
  if (!data || !holder || typeof Chart === "undefined") return;
  var table = JSON.parse(data.textContent);
  if (!table.rows.length) return;
  holder.hidden = false;
  table.rows.forEach(function (row) {
    var figure = document.createElement("figure");
    var canvas = document.createElement("canvas");
    canvas.setAttribute("aria-hidden", "true");
    var caption = document.createElement("figcaption");
    caption.textContent = row.name + (row.unit ? " (" + row.unit + ")" : "");
    figure.appendChild(canvas);
    figure.appendChild(caption);
    holder.appendChild(figure);
    var datasets = [{ label: row.name, data: row.values, borderColor: "#0b5cad",
                      backgroundColor: "#0b5cad", spanGaps: true }];
    if (row.target !== null) {
      datasets.push({ label: "Target", data: table.years.map(function () { return row.target; }),
                      borderColor: "#b35c00", borderDash: [6, 4], pointRadius: 0 });
    }
    new Chart(canvas, { type: "line", data: { labels: table.years, datasets: datasets },
      options: { animation: false, plugins: { legend: { display: datasets.length > 1 } },
                 scales: { y: { beginAtZero: true } } } });
  });
})();
