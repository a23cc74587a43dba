// The case form's long checkbox lists (municipalities, member organisations): a text filter that
// hides the options whose name does not match. Checked options always stay visible. Without
// JavaScript the whole list shows and the filter stays hidden.
(function () {
  "use strict";

  function normalise(text) {
    return text.toLocaleLowerCase("sv").normalize("NFD").replace(/[\u0300-\u036f]/g, "");
  }

  function setUp(input) {
    var box = document.getElementById(input.getAttribute("data-filter-for"));
    if (!box) return;
    var count = document.querySelector('[data-filter-count="' + box.id + '"]');
    var options = Array.prototype.slice.call(box.querySelectorAll("input[type=checkbox]")).map(function (cb) {
      var label = cb.closest("label") || box.querySelector('label[for="' + cb.id + '"]');
      var row = (label && label.parentElement !== box ? label.parentElement : label) || cb;
      return { box: cb, row: row, text: normalise(label ? label.textContent : "") };
    });
    var template = count ? count.getAttribute("data-template") || "" : "";

    function apply() {
      var wanted = normalise(input.value.trim());
      var shown = 0;
      options.forEach(function (o) {
        var visible = !wanted || o.box.checked || o.text.indexOf(wanted) !== -1;
        o.row.hidden = !visible;
        if (visible) shown += 1;
      });
      if (count) count.textContent = wanted && template ? template.replace("%(shown)s", shown).replace("%(total)s", options.length) : "";
    }

    input.addEventListener("input", apply);
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // filtering, not sending the form
    });
    input.closest(".checklist-filter").hidden = false;
    apply();
  }

  function init() {
    Array.prototype.forEach.call(document.querySelectorAll("input[data-filter-for]"), setUp);
  }

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", init);
  else init();
})();
