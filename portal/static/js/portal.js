// Event times: the page shows the venue's time; this adds the visitor's own time zone.
document.querySelectorAll("[data-visitor-time]").forEach(function (el) {
  var start = new Date(el.dataset.start), end = new Date(el.dataset.end);
  if (isNaN(start) || isNaN(end)) return;
  // (dateStyle cannot be combined with timeZoneName, hence the parts.)
  var fmt = new Intl.DateTimeFormat(undefined, {
    year: "numeric", month: "short", day: "numeric", hour: "2-digit", minute: "2-digit",
    hourCycle: "h23", timeZoneName: "short",
  });
  var zone = Intl.DateTimeFormat().resolvedOptions().timeZone;
  el.textContent = "Your time (" + zone + "): " + fmt.format(start) + " – " + fmt.format(end);
  el.hidden = false;
});
