// The event editor's city checkboxes: typing hides the cities whose name does not match.
document.addEventListener("input", (event) => {
  if (!event.target.matches("[data-city-filter]")) return;
  const root = event.target.closest("[data-city-filter-root]");
  const wanted = event.target.value.trim().toLowerCase();
  root.querySelectorAll("label").forEach((label) => {
    const row = label.closest("div") || label;
    row.hidden = Boolean(wanted) && !label.textContent.toLowerCase().includes(wanted);
  });
});
