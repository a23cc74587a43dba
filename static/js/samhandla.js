/* Samhandla's few behaviours, in one static file.
 *
 * The Content-Security-Policy (config/settings.py) allows scripts from the app itself only: no inline
 * <script>, no onclick="…", no htmx hx-on (htmx compiles those with Function(), which is eval). So the
 * templates mark elements with data attributes and this file acts on them by event delegation, on
 * the page as loaded and on whatever htmx swaps in later.
 */
(function () {
  "use strict";

  function closest(target, selector) {
    return target && target.closest ? target.closest(selector) : null;
  }

  /* <button data-print>: prints the page. */
  document.addEventListener("click", function (event) {
    if (!closest(event.target, "[data-print]")) return;
    event.preventDefault();
    window.print();
  });

  /* <form data-reset-on-success>: empties itself after its own htmx request succeeded (an item added
   * to a list below it). Only the form's own request counts: a request made by a field inside it
   * (the occupation picker's search) bubbles up here too and must not wipe what was typed. */
  document.addEventListener("htmx:afterRequest", function (event) {
    var form = event.target;
    if (!(form instanceof HTMLFormElement) || !form.hasAttribute("data-reset-on-success")) return;
    if (event.detail && event.detail.successful) form.reset();
  });

  /* The readiness matrix: Escape hides an open comment/action plan pop-up (WCAG 1.4.13) until the
   * pointer or the focus moves on. */
  var quiet = null;
  function calm() {
    if (quiet) {
      quiet.classList.remove("matrix__cell--quiet");
      quiet = null;
    }
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var table = document.querySelector(".matrix");
    if (!table) return;
    var cell = closest(document.activeElement, ".matrix__cell") || table.querySelector(".matrix__cell:hover");
    if (cell) {
      calm();
      cell.classList.add("matrix__cell--quiet");
      quiet = cell;
    }
  });
  function moveOn(event) {
    if (quiet && closest(event.target, ".matrix") && !quiet.contains(event.target)) calm();
  }
  document.addEventListener("mouseover", moveOn);
  document.addEventListener("focusin", moveOn);
})();
