// "Who else does this?" on a plan's edit page: asks again with the form as it is now, a
// moment after the editor stops typing, and shows the answer in the panel.
(function () {
  const box = document.querySelector("[data-who-else-url]");
  if (!box || box.dataset.bound) return;
  box.dataset.bound = "1";
  const form = box.closest("form");
  const results = box.querySelector("[data-who-else-results]");
  let timer = null;
  let asked = 0;
  async function refresh() {
    const mine = ++asked;
    try {
      const response = await fetch(box.dataset.whoElseUrl, {
        method: "POST", body: new FormData(form), credentials: "same-origin",
      });
      const html = await response.text();
      if (mine === asked) results.innerHTML = html;
    } catch (error) {
      if (mine === asked) results.textContent = "Could not ask just now; it retries as you write.";
    }
    box.dataset.ready = "1";
  }
  function later() {
    clearTimeout(timer);
    timer = setTimeout(refresh, 1200);
  }
  form.addEventListener("input", (event) => {
    if (/^initiatives-\d+-(title|description|focus_areas|sdgs)$/.test(event.target.name)) later();
  });
  refresh();
})();
