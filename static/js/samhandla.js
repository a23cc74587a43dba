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

  /* The header's menu on a narrow screen: <button data-menu-toggle aria-controls="site-menu"> folds
   * and unfolds it (the CSS shows the menu while aria-expanded is "true"). Escape closes it and puts
   * the focus back on the button; so does a click outside the header. */
  function menuButton() {
    return document.querySelector("[data-menu-toggle]");
  }
  function setMenu(button, open) {
    button.setAttribute("aria-expanded", open ? "true" : "false");
  }
  document.addEventListener("click", function (event) {
    var button = closest(event.target, "[data-menu-toggle]");
    if (button) {
      setMenu(button, button.getAttribute("aria-expanded") !== "true");
      return;
    }
    var open = menuButton();
    if (open && open.getAttribute("aria-expanded") === "true" && !closest(event.target, ".site-header")) {
      setMenu(open, false);
    }
  });
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var button = menuButton();
    if (!button || button.getAttribute("aria-expanded") !== "true") return;
    var menu = document.getElementById(button.getAttribute("aria-controls"));
    if (menu && (menu.contains(document.activeElement) || document.activeElement === button)) {
      setMenu(button, false);
      button.focus();
    }
  });

  /* Tables (.table) become stacked cards on a phone (samhandla.css), where the column headers are no
   * longer beside the cells: each body cell gets its column's header as data-label, which the CSS
   * shows above the value. A cell that already has a data-label keeps it; a column whose header is
   * empty (e.g. the buttons) gets none. Runs on the page and on whatever htmx swaps in. */
  function labelCells(root) {
    if (!root || !root.querySelectorAll) return;
    var tables = root.matches && root.matches("table.table") ? [root] : root.querySelectorAll("table.table");
    Array.prototype.forEach.call(tables, function (table) {
      var headRow = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!headRow) return;
      var labels = [];
      Array.prototype.forEach.call(headRow.cells, function (cell) {
        var text = (cell.textContent || "").replace(/\s+/g, " ").trim();
        for (var i = 0; i < (cell.colSpan || 1); i++) labels.push(text);
      });
      Array.prototype.forEach.call(table.tBodies, function (body) {
        Array.prototype.forEach.call(body.rows, function (row) {
          var column = 0;
          Array.prototype.forEach.call(row.cells, function (cell) {
            var label = labels[column];
            if (label && cell.tagName === "TD" && !cell.hasAttribute("data-label")) cell.setAttribute("data-label", label);
            column += cell.colSpan || 1;
          });
        });
      });
    });
  }
  /* A box that scrolls sideways (a wide chart or table on a phone) must be reachable by keyboard to be
   * scrolled (WCAG 2.1.1): one with nothing focusable inside gets tabindex="0". */
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function focusableScrollers(root) {
    if (!root || !root.querySelectorAll) return;
    Array.prototype.forEach.call(root.querySelectorAll(".chart, .table-scroll, .matrix-scroll"), function (box) {
      if (box.scrollWidth > box.clientWidth + 1 && !box.hasAttribute("tabindex") && !box.querySelector(FOCUSABLE)) {
        box.setAttribute("tabindex", "0");
      }
    });
  }
  function enhance(root) {
    labelCells(root);
    focusableScrollers(root);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });

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

  /* A tip (.tip, its text shown on hover and focus): Escape hides it (WCAG 1.4.13) until the focus
   * moves elsewhere, the pointer goes to another tip, or the pointer leaves the tip's button and comes
   * back to it. (Hiding the text moves whatever lies under a still pointer: that alone shows nothing.) */
  var hushed = null;
  var away = false; // the pointer has been off the hushed tip's button since Escape
  function release() {
    if (hushed) hushed.classList.remove("tip--quiet");
    hushed = null;
  }
  document.addEventListener("keydown", function (event) {
    if (event.key !== "Escape") return;
    var tip = closest(document.activeElement, ".tip") || document.querySelector(".tip:hover");
    if (!tip) return;
    release();
    tip.classList.add("tip--quiet");
    hushed = tip;
    away = !tip.querySelector(".tip__toggle:hover");
  });
  document.addEventListener("mouseover", function (event) {
    if (!hushed) return;
    var tip = closest(event.target, ".tip");
    if (tip && tip !== hushed) {
      release();
    } else if (tip === hushed && closest(event.target, ".tip__toggle")) {
      if (away) release();
    } else {
      away = true;
    }
  });
  document.addEventListener("focusin", function (event) {
    if (hushed && !hushed.contains(event.target)) release();
  });
})();
