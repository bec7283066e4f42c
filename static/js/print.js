// A "Print" button prints the page: a file of its own, as the Content-Security-Policy runs no
// inline script or onclick attribute.
(function () {
  "use strict";
  document.querySelectorAll("[data-print]").forEach(function (button) {
    button.addEventListener("click", function () {
      window.print();
    });
  });
})();
