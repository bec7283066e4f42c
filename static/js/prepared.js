// A prepared file's page (templates/orders/prepared/page.html) asks the server how far the
// file has got every two seconds, shows "n / total", and reloads once it is ready or failed,
// so the page then offers the download or the retry. Without this file the page's Refresh
// link does the same by hand. A file of its own: the Content-Security-Policy runs no inline
// script.
(function () {
  "use strict";
  const box = document.getElementById("prepared");
  if (!box) return;
  const state = box.querySelector("[data-progress]");
  const bar = box.querySelector("[data-bar]");
  const template = state ? state.dataset.template : "";

  function show(answer) {
    if (bar && answer.total) {
      bar.max = answer.total;
      bar.value = answer.done;
    }
    if (state && template && answer.status === "running") {
      state.textContent = template.replace("{done}", answer.done).replace("{total}", answer.total);
    }
  }

  async function ask() {
    try {
      const response = await fetch(box.dataset.statusUrl, {
        headers: { Accept: "application/json" },
        credentials: "same-origin",
      });
      if (!response.ok) return;
      const answer = await response.json();
      if (answer.status === "ready" || answer.status === "failed") {
        window.location.reload();
        return;
      }
      show(answer);
    } catch (error) {
      // A network hiccup: the next turn asks again.
    }
    window.setTimeout(ask, 2000);
  }

  window.setTimeout(ask, 1000);
})();
