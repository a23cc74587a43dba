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

``SearchMultipleChoiceField`` chooses several rows the same way (a case's member organisations among
thousands): what is chosen is a list of ticked checkboxes named ``<name>`` (untick one to leave it
out), above the same text box. Choosing a suggestion adds a ticked box; without JavaScript the text
box is resolved to one row on sending and that row is added.
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
SUGGESTED = 12  # unticked boxes a multiple field offers at most (of those not chosen already)


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
                "disabled": bool(widget["attrs"].get("disabled")),
            }
        )
        return context

    def _render(self, template_name, context, renderer=None):
        # The template is the project's (templates/includes/), where the lists' other shared parts are:
        # rendered by the project's engine, not the form renderer's.
        return mark_safe(render_to_string(template_name, context))  # noqa: S308 - the template escapes


@dataclass(frozen=True)
class TypedMany:
    """What a multiple search field sent: the ticked keys and the text box."""

    text: str
    keys: tuple[str, ...]


@dataclass(frozen=True)
class Chosen:
    """What a multiple search field shows: the chosen rows (key, label) and the text box."""

    rows: tuple[tuple[str, str], ...]
    text: str = ""


class SearchSelectMultiple(SearchSelect):
    """The chosen rows as ticked checkboxes, then the text box, the listbox and the status line."""

    template_name = "includes/search_multi_field.html"
    input_type = "checkbox"  # a group of checkboxes: the form shows it as a fieldset with a legend
    allow_multiple_selected = True

    def __init__(self, attrs=None, *, source: str = ""):
        super().__init__(attrs, source=source)
        self.suggested: tuple[tuple[str, str], ...] = ()  # (key, label): offered unticked

    def value_from_datadict(self, data, files, name):
        keys = data.getlist(name) if hasattr(data, "getlist") else data.get(name) or []
        keys = [keys] if isinstance(keys, str | int) else keys
        if name + TEXT_SUFFIX not in data:
            return [str(key) for key in keys] if name in data else None
        return TypedMany(text=str(data.get(name + TEXT_SUFFIX) or ""), keys=tuple(str(key) for key in keys))

    def format_value(self, value):
        return value if isinstance(value, Chosen) else Chosen(())

    def get_context(self, name, value, attrs):
        value = self.format_value(value)
        context = super().get_context(name, Typed(value.text, ""), attrs)
        widget = context["widget"]
        widget["chosen"] = value.rows
        chosen = {key for key, _ in value.rows}
        widget["suggested"] = [(key, label) for key, label in self.suggested if key not in chosen][:SUGGESTED]
        return context


class _SourceField:
    """What the single and the multiple search fields share: the source they choose from, the rows
    it offers a user, and how typed text is resolved to one row."""

    def _init_source(self, source: str) -> None:
        self.source = source
        self._resolved: dict[object, object] = {}  # what this form's values named, once looked up

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
        if not _is_key(key):
            return None
        return self.queryset.filter(pk=key).first()

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


def _is_key(key: str) -> bool:
    return key.isdecimal() and len(key) <= MAX_KEY


class SearchChoiceField(_SourceField, forms.ModelChoiceField):
    """A choice of one row of ``source`` (a name in ``actors.suggestions.SOURCES``), made with
    ``SearchSelect``. ``queryset`` must be the rows the source offers the same user."""

    widget = SearchSelect

    def __init__(self, queryset=None, *, source: str = "", **kwargs):
        kwargs.setdefault("empty_label", None)
        super().__init__(queryset=queryset, **kwargs)
        self._init_source(source)

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

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            new = self.to_python(data)
        except ValidationError:
            return True
        old = initial.pk if hasattr(initial, "pk") else initial
        return str(old or "") != str(new.pk if new is not None else "")


class SearchMultipleChoiceField(_SourceField, forms.ModelMultipleChoiceField):
    """A choice of any number of rows of ``source``, made with ``SearchSelectMultiple``: the ticked
    keys (each must be a row the source offers) and, if the text box holds text, the one row it names.
    Cleans to a queryset of the chosen rows, like ``ModelMultipleChoiceField``."""

    widget = SearchSelectMultiple

    def __init__(self, queryset=None, *, source: str = "", **kwargs):
        super().__init__(queryset=queryset, **kwargs)
        self._init_source(source)

    def suggest(self, rows) -> None:
        """Offer ``rows`` (of the source) as unticked boxes, one tick away: the likely choices, the
        first ``SUGGESTED`` of them that are not chosen already (so give a few more)."""
        self.widget.suggested = tuple((str(row.pk), self.label_from_instance(row)) for row in rows)

    @staticmethod
    def _keys(value) -> list[str]:
        if isinstance(value, TypedMany):
            return list(dict.fromkeys(value.keys))
        if value in (None, ""):
            return []
        values = value if isinstance(value, list | tuple | set) or hasattr(value, "model") else [value]
        return list(dict.fromkeys(str(v.pk if hasattr(v, "pk") else v) for v in values))

    def _rows(self, keys: list[str]) -> list:
        """The rows of ``keys`` that the source offers, in the keys' order (one query)."""
        keys = [key for key in keys if _is_key(key)]
        found = {str(row.pk): row for row in self.queryset.filter(pk__in=keys)} if keys else {}
        return [found[key] for key in keys if key in found]

    def clean(self, value):
        keys = self._keys(value)
        bad = next((key for key in keys if not _is_key(key)), None)
        if bad is not None:
            raise ValidationError(
                self.error_messages["invalid_pk_value"], code="invalid_pk_value", params={"pk": bad}
            )
        rows = self._rows(keys)
        if len(rows) != len(keys):
            missing = next(key for key in keys if key not in {str(row.pk) for row in rows})
            raise ValidationError(
                self.error_messages["invalid_choice"], code="invalid_choice", params={"value": missing}
            )
        text = clean_text(value.text) if isinstance(value, TypedMany) else ""
        if text:
            row = self.resolve(text)
            if str(row.pk) not in keys:
                rows.append(row)
        if self.required and not rows:
            raise ValidationError(self.error_messages["required"], code="required")
        if isinstance(value, TypedMany):
            self._resolved[value] = rows
        return self.queryset.filter(pk__in=[row.pk for row in rows])

    def prepare_value(self, value):
        if isinstance(value, Chosen):
            return value
        if isinstance(value, TypedMany) and value in self._resolved:  # sent and resolved: all chosen
            rows, text = self._resolved[value], ""
        else:
            rows = self._rows(self._keys(value))
            text = value.text if isinstance(value, TypedMany) else ""
        return Chosen(tuple((str(row.pk), self.label_from_instance(row)) for row in rows), text)

    def has_changed(self, initial, data):
        if self.disabled:
            return False
        try:
            new = {str(pk) for pk in self.clean(data).values_list("pk", flat=True)}
        except ValidationError:
            return True
        return set(self._keys(initial)) != new
