/* The search-as-you-type field (actors/widgets.py, templates/includes/search_field.html).
 *
 * Without this file the field is a plain text box that the form resolves by name or code. With it, the
 * text box becomes an ARIA combobox (the APG "list autocomplete" pattern): typing asks the server for
 * suggestions (htmx fills the listbox), the arrow keys move through them (aria-activedescendant: the
 * focus stays in the text box), Enter or a click chooses one (the hidden key and the text are filled
 * in), Escape closes the list and, with the list closed, empties the field. How many suggestions
 * there are, or that nothing matches, is said in the field's status line (role="status").
 *
 * A field for several rows (data-search-multi: templates/includes/search_multi_field.html) has no hidden
 * key: choosing a suggestion adds a ticked checkbox for it to the chosen list above the text box (or
 * ticks it again), empties the text box and says so in the status line.
 *
 * The page may hold several such fields and load this file once per field: it acts once, by event
 * delegation, on the fields of the page and on whatever htmx swaps in later.
 */
(function () {
  "use strict";
  if (window.samhandlaSearchField) return;
  window.samhandlaSearchField = true;

  var INPUT = "input[data-search-input]";

  function parts(input) {
    var field = input.closest("[data-search-field]");
    return {
      field: field,
      input: input,
      key: field.querySelector("[data-search-key]"),
      multi: field.hasAttribute("data-search-multi"),
      list: document.getElementById(input.getAttribute("data-listbox")),
      status: document.getElementById(input.getAttribute("data-status"))
    };
  }

  function enhance(root) {
    if (!root || !root.querySelectorAll) return;
    var inputs = root.matches && root.matches(INPUT) ? [root] : root.querySelectorAll(INPUT);
    Array.prototype.forEach.call(inputs, function (input) {
      if (input.hasAttribute("role")) return;
      var p = parts(input);
      if (!p.list) return;
      input.setAttribute("role", "combobox");
      input.setAttribute("aria-autocomplete", "list");
      input.setAttribute("aria-expanded", "false");
      input.setAttribute("aria-controls", p.list.id);
      if (p.key && p.key.value) input.setAttribute("data-chosen", input.value);
    });
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", function () { enhance(document); });
  } else {
    enhance(document);
  }
  document.addEventListener("htmx:load", function (event) { enhance(event.target); });

  function options(p) {
    return Array.prototype.slice.call(p.list.querySelectorAll("[role=option]"));
  }
  function isOpen(p) {
    return p.input.getAttribute("aria-expanded") === "true";
  }
  function setActive(p, option) {
    options(p).forEach(function (o) {
      var on = o === option;
      o.setAttribute("aria-selected", on ? "true" : "false");
      o.classList.toggle("search-field__option--active", on);
    });
    if (option) {
      p.input.setAttribute("aria-activedescendant", option.id);
      option.scrollIntoView({ block: "nearest" });
    } else {
      p.input.removeAttribute("aria-activedescendant");
    }
  }
  function active(p) {
    var id = p.input.getAttribute("aria-activedescendant");
    return id ? document.getElementById(id) : null;
  }
  function open(p) {
    if (!options(p).length) return;
    p.list.hidden = false;
    p.input.setAttribute("aria-expanded", "true");
  }
  function close(p) {
    p.list.hidden = true;
    p.input.setAttribute("aria-expanded", "false");
    setActive(p, null);
  }
  function say(p, text, visible) {
    if (!p.status) return;
    p.status.textContent = text;
    p.status.classList.toggle("visually-hidden", !visible);
  }
  function addChosen(p, value, label) {
    var name = p.field.getAttribute("data-name");
    var box = null;
    Array.prototype.forEach.call(p.field.querySelectorAll("input[type=checkbox]"), function (b) {
      if (b.name === name && b.value === value) box = b;
    });
    if (!box) {
      var item = document.createElement("li");
      var choice = document.createElement("label");
      choice.className = "search-field__choice";
      box = document.createElement("input");
      box.type = "checkbox";
      box.name = name;
      box.value = value;
      choice.appendChild(box);
      choice.appendChild(document.createTextNode(" " + label));
      item.appendChild(choice);
      p.field.querySelector("[data-search-chosen]").appendChild(item);
    }
    box.checked = true;
    var none = p.field.querySelector("[data-search-none]");
    if (none) none.hidden = true;
  }
  function choose(p, option) {
    var label = option.getAttribute("data-label");
    if (p.multi) {
      addChosen(p, option.getAttribute("data-value"), label);
      p.input.value = "";
      close(p);
      say(p, (p.field.getAttribute("data-added") || "%(label)s").replace("%(label)s", label), false);
      changed(p);
      return;
    }
    p.input.value = label;
    p.input.setAttribute("data-chosen", label);
    p.key.value = option.getAttribute("data-value");
    close(p);
    say(p, "", false);
    changed(p);
  }
  /* As a <select> would: a form that acts on the field's change (an htmx check) hears of it. */
  function changed(p) {
    p.input.dispatchEvent(new Event("change", { bubbles: true }));
  }
  function ask(p) {
    if (window.htmx) window.htmx.trigger(p.input, "search-field-open");
  }

  /* The request carries the typed text as q and nothing else (hx-params="none" on the text box: not
   * the rest of a form it sits in, whatever that form's own htmx attributes say). */
  document.addEventListener("htmx:configRequest", function (event) {
    var input = event.detail.elt;
    if (!input || !input.matches || !input.matches(INPUT)) return;
    event.detail.parameters.q = input.value;
  });

  /* The suggestions arrived: number them, say how many, show them while the field has the focus. */
  document.addEventListener("htmx:afterSwap", function (event) {
    var list = event.detail.target;
    if (!list || list.getAttribute("role") !== "listbox") return;
    var input = document.querySelector(INPUT + '[data-listbox="' + list.id + '"]');
    if (!input) return;
    var p = parts(input);
    options(p).forEach(function (option, i) {
      option.id = list.id + "_" + i;
      option.setAttribute("aria-selected", "false");
    });
    var note = list.querySelector("template[data-search-status]");
    var count = note ? parseInt(note.getAttribute("data-count"), 10) || 0 : 0;
    if (document.activeElement !== input) {
      close(p);
      return;
    }
    say(p, note ? note.content.textContent : "", count === 0 && input.value.trim() !== "");
    setActive(p, null);
    if (count) open(p);
    else close(p);
  });

  document.addEventListener("input", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(INPUT)) return;
    var p = parts(input);
    if (p.key && input.value !== input.getAttribute("data-chosen")) {
      p.key.value = ""; // the text no longer names the chosen row: the form resolves it
      input.removeAttribute("data-chosen");
    }
  });

  document.addEventListener("keydown", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(INPUT)) return;
    if (event.altKey && event.key !== "ArrowDown") return;
    var p = parts(input);
    var all = options(p);
    var current = active(p);
    var index = current ? all.indexOf(current) : -1;
    switch (event.key) {
      case "ArrowDown":
        event.preventDefault();
        if (!isOpen(p)) {
          if (all.length) open(p);
          else ask(p);
          if (event.altKey) return;
        }
        if (all.length) setActive(p, all[Math.min(index + 1, all.length - 1)]);
        break;
      case "ArrowUp":
        if (!isOpen(p)) return;
        event.preventDefault();
        setActive(p, index > 0 ? all[index - 1] : all[all.length - 1]);
        break;
      case "Enter":
        if (isOpen(p) && current) {
          event.preventDefault(); // chooses; a second Enter sends the form
          choose(p, current);
        } else if (isOpen(p)) {
          close(p);
        }
        break;
      case "Escape":
        if (isOpen(p)) {
          event.preventDefault();
          close(p);
        } else if (input.value) {
          event.preventDefault();
          input.value = "";
          input.removeAttribute("data-chosen");
          if (p.key) p.key.value = "";
          say(p, "", false);
          changed(p);
        }
        break;
      case "Tab":
        if (isOpen(p)) close(p);
        break;
    }
  });

  /* The pointer: pressing an option must not take the focus from the text box. */
  document.addEventListener("mousedown", function (event) {
    var option = event.target.closest && event.target.closest(".search-field__list [role=option]");
    if (option) event.preventDefault();
  });
  document.addEventListener("click", function (event) {
    var option = event.target.closest && event.target.closest(".search-field__list [role=option]");
    if (!option) return;
    var input = document.querySelector(INPUT + '[data-listbox="' + option.parentNode.id + '"]');
    if (input) {
      choose(parts(input), option);
      input.focus();
    }
  });

  /* A multiple field says "none chosen" while no box is ticked. */
  document.addEventListener("change", function (event) {
    var box = event.target;
    if (!box.matches || !box.matches("[data-search-multi] input[type=checkbox]")) return;
    var field = box.closest("[data-search-multi]");
    var none = field.querySelector("[data-search-none]");
    if (none) none.hidden = !!field.querySelector("input[type=checkbox]:checked");
  });

  document.addEventListener("focusout", function (event) {
    var input = event.target;
    if (!input.matches || !input.matches(INPUT)) return;
    var p = parts(input);
    window.setTimeout(function () {
      if (document.activeElement === input) return;
      close(p);
      say(p, "", false);
    }, 0);
  });
})();
