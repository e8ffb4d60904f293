// Event times: the page shows the venue's time; this adds the visitor's own time zone.
document.querySelectorAll("[data-visitor-time]").forEach(function (el) {
  var start = new Date(el.dataset.start), end = new Date(el.dataset.end);
  if (isNaN(start) || isNaN(end)) return;
  var fmt = new Intl.DateTimeFormat(undefined, {
    dateStyle: "medium", timeStyle: "short", timeZoneName: "short",
  });
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  el.textContent = "Your time (" + zone + "): " + fmt.format(start) + " – " + fmt.format(end);
  el.hidden = false;
});
