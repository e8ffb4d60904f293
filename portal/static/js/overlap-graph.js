// The graph of cities linked by their overlaps (Cytoscape.js); the matrix table next to it
// carries the same figures for screen readers and for browsers without JavaScript.
(function () {
  var holder = document.getElementById("overlap-graph");
  var data = document.getElementById("graph-data");
  if (!holder || !data || typeof cytoscape === "undefined") return;
  var elements = JSON.parse(data.textContent);
  if (!elements.nodes.length) return;
  holder.hidden = false;
  // A dense network draws as a hairball: keep each city's three strongest links (the matrix
  // keeps every figure).
  var strongest = {};
  elements.edges.slice().sort(function (a, b) { return b.data.weight - a.data.weight; })
    .forEach(function (e) {
      var s = e.data.source, t = e.data.target;
      strongest[s] = strongest[s] || 0; strongest[t] = strongest[t] || 0;
      if (strongest[s] < 3 || strongest[t] < 3) { e.keep = true; strongest[s]++; strongest[t]++; }
    });
  elements.edges = elements.edges.filter(function (e) { return e.keep; });
  var maxEdge = Math.max.apply(null, elements.edges.map(function (e) { return e.data.weight; }).concat([1]));
  var maxNode = Math.max.apply(null, elements.nodes.map(function (n) { return n.data.weight; }).concat([1]));
  var cy = cytoscape({
    container: holder,
    elements: elements.nodes.concat(elements.edges),
    style: [
      { selector: "node", style: {
          "label": "data(label)", "font-size": 18, "background-color": "#0b5cad",
          "text-valign": "bottom", "text-margin-y": 2, "color": "#1d2330",
          "width": function (n) { return 8 + 22 * n.data("weight") / maxNode; },
          "height": function (n) { return 8 + 22 * n.data("weight") / maxNode; } } },
      { selector: "edge", style: {
          "line-color": "#8fb3dc", "curve-style": "haystack",
          "width": function (e) { return 1 + 7 * e.data("weight") / maxEdge; } } },
      { selector: "node:selected", style: { "background-color": "#f2b705" } },
      // A name that would cover another shows on hover or selection only.
      { selector: "node.unlabelled", style: { "label": "" } },
      { selector: "node.unlabelled.hover, node.unlabelled:selected", style: {
          "label": "data(label)", "z-index": 10, "text-background-color": "#ffffff",
          "text-background-opacity": 0.9, "text-background-padding": 2 } },
    ],
    layout: { name: "cose", animate: false, randomize: false, nodeRepulsion: 400000,
              idealEdgeLength: 60, nodeOverlap: 20, padding: 20, componentSpacing: 60 },
    wheelSensitivity: 0.2,
  });
  // Names never cover each other: the cities with the most overlaps keep theirs.
  var placed = [];
  cy.nodes().sort(function (a, b) { return b.data("weight") - a.data("weight"); })
    .forEach(function (node) {
      var box = node.boundingBox({ includeNodes: false, includeEdges: false, includeLabels: true });
      var hit = placed.some(function (p) {
        return box.x1 < p.x2 && p.x1 < box.x2 && box.y1 < p.y2 && p.y1 < box.y2;
      });
      if (hit) node.addClass("unlabelled"); else placed.push(box);
    });
  cy.on("mouseover", "node", function (evt) { evt.target.addClass("hover"); });
  cy.on("mouseout", "node", function (evt) { evt.target.removeClass("hover"); });
  holder.cy = cy;
  // Clicking a city lists its overlaps.
  cy.on("tap", "node", function (evt) {
    var url = new URL(window.location.href);
    url.searchParams.set("city", evt.target.id());
    url.hash = "pairs";
    window.location.href = url.toString();
  });
  holder.dataset.ready = "1";
})();
