"""A search-as-you-type field: one choice among many rows (municipalities, organisations) without a
<select> of hundreds or thousands of options.

The field sends two values: the text box ``<name>_text`` (what the user sees and types) and the key
``<name>`` (a hidden input: the chosen row's id). With JavaScript (static/js/search_field.js) the
text box is an ARIA combobox: typing asks ``actors:suggest`` (htmx) for the matching rows of the
field's source (``actors.suggestions``), shown as a listbox to choose from with the arrow keys and
Enter (Escape closes it), or the pointer; choosing fills in both values. Without JavaScript it is a
plain text box: the form resolves what was typed (a name or a code) to exactly one row, or says that
none or several match and names a few.

A request with the key only (``?municipality=12``, as a link or a <select> would send) is read as a
plain choice; one with the text only, or a text that is no longer the chosen row's, is resolved.
Once resolved, the field shows the row's name and keeps its key, so a page reloaded with the filter
in its address shows what was chosen.
"""

from __future__ import annotations

from dataclasses import dataclass

from django import forms
from django.core.exceptions import ValidationError
from django.forms.utils import flatatt
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import mark_safe

from .suggestions import LIMIT, MAX_TEXT, SOURCES, clean_text

TEXT_SUFFIX = "_text"
EXAMPLES = 5  # rows named when several match
MAX_KEY = 18  # digits: past a 64-bit key there is no such row


@dataclass(frozen=True)
class Typed:
    """What the form sent: the text box and the hidden key."""

    text: str
    key: str


def _same(a: str, b: str) -> bool:
    return bool(b) and clean_text(a).casefold() == clean_text(b).casefold()


class SearchSelect(forms.Widget):
    """The text box, the hidden key, the listbox that the suggestions fill and a status line."""

    template_name = "includes/search_field.html"

    def __init__(self, attrs=None, *, source: str = ""):
        super().__init__(attrs)
        self.source = source

    def value_from_datadict(self, data, files, name):
        if name + TEXT_SUFFIX not in data:
            return data.get(name)
        return Typed(text=str(data.get(name + TEXT_SUFFIX) or ""), key=str(data.get(name) or ""))

    def value_omitted_from_data(self, data, files, name):
        return name not in data and name + TEXT_SUFFIX not in data

    def format_value(self, value):
        return value if isinstance(value, Typed) else Typed("", "")

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        widget = context["widget"]
        field_id = widget["attrs"].get("id") or f"id_{name}"
        hint_id = f"{field_id}_hint"
        described = widget["attrs"].get("aria-describedby", "")
        widget["attrs"]["aria-describedby"] = f"{described} {hint_id}".strip()
        widget.update(
            {
                "id": field_id,
                "text_name": name + TEXT_SUFFIX,
                "text": value.text,
                "key": value.key,
                "hint_id": hint_id,
                "search_url": reverse("actors:suggest", args=[self.source]) if self.source else "",
                "typing_hint": SOURCES[self.source].typing_hint if self.source else "",
                "max_text": MAX_TEXT,
                "attrs_html": flatatt(widget["attrs"]),
            }
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The template is the project's (templates/includes/), where the lists' other shared parts are:
        # rendered by the project's engine, not the form renderer's.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 - the template escapes


class SearchChoiceField(forms.ModelChoiceField):
    """A choice of one row of ``source`` (a name in ``actors.suggestions.SOURCES``), made with
    ``SearchSelect``. ``queryset`` must be the rows the source offers the same user."""

    widget = SearchSelect

    def __init__(self, queryset=None, *, source: str = "", **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=queryset, **kwargs)
        self.source = source
        self._resolved: dict[Typed, object] = {}  # what this form's values named, once looked up

    def __deepcopy__(self, memo):
        result = super().__deepcopy__(memo)
        result._resolved = {}
        return result

    @property
    def source(self) -> str:
        return self._source

    @source.setter
    def source(self, name: str) -> None:
        self._source = name
        self.widget.source = name

    @property
    def rows(self):
        return SOURCES[self._source]

    def offer(self, source: str, *, user) -> None:
        """Choose among what ``source`` offers ``user``: the same rows as its suggestions."""
        self.source = source
        self.queryset = SOURCES[source].rows(user=user)

    def label_from_instance(self, obj) -> str:
        return self.rows.label(obj)

    def _row(self, key: str):
        if not key.isdecimal() or len(key) > MAX_KEY:
            return None
        return self.queryset.filter(pk=key).first()

    def prepare_value(self, value):
        if isinstance(value, Typed):
            found = self._resolved.get(value)
            if found is None:  # not resolved (nothing or several matched): the text as typed
                return Typed(value.text, "")
            return Typed(self.label_from_instance(found), str(found.pk))
        if hasattr(value, "_meta"):
            return Typed(self.label_from_instance(value), str(value.pk))
        if value in self.empty_values:
            return Typed("", "")
        found = self._resolved.get(Typed("", str(value))) or self._row(str(value))  # a key alone
        return Typed(self.label_from_instance(found), str(found.pk)) if found is not None else Typed("", "")

    def to_python(self, value):
        if not isinstance(value, Typed):  # the key only: a plain choice
            if value in self.empty_values:
                return None
            found = self._row(str(value))
            if found is None:
                raise ValidationError(self.error_messages["invalid_choice"], code="invalid_choice")
            self._resolved[Typed("", str(value))] = found
            return found
        text = clean_text(value.text)
        if not text:
            return None
        if value.key:
            chosen = self._row(value.key)
            if chosen is not None and _same(self.label_from_instance(chosen), text):
                self._resolved[value] = chosen
                return chosen
        self._resolved[value] = found = self.resolve(text)
        return found

    def resolve(self, text: str):
        """The one row that ``text`` names: a row whose name or code it is, else the one row whose
        name contains it; an error naming a few when none or several do."""
        source = self.rows
        found = source.search(self.queryset, text, LIMIT + 1)
        exact = [o for o in found if _same(source.label(o), text) or _same(source.code(o), text)]
        if len(exact) == 1:
            return exact[0]
        if len(found) == 1:
            return found[0]
        if not found:
            raise ValidationError(source.none_message, code="no_match", params={"text": text})
        examples = "; ".join(source.label(o) for o in found[:EXAMPLES])
        raise ValidationError(
            source.several_message, code="several", params={"text": text, "examples": examples}
        )

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        old = initial.pk if hasattr(initial, "pk") else initial
        return str(old or "") != str(new.pk if new is not None else "")
