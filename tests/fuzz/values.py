"""What the fuzz suite sends: hypothesis strategies for the value of one form field, and for a whole
submission of a form (tests/fuzz/targets.py says which fields each form has and what a valid
submission looks like).

A field is described by its ``Kind`` (text, a number, a date, a choice among known values, …),
read from the Django form field itself (``describe``). Every kind draws a mix of:

- its edges (``edges``): empty, 0, -1, 2**31, 2**63, one over the length limit, dates in year 1 and
  10000, February 30th, times that do not exist in Stockholm, choices that are not offered, digits
  ``str.isdigit`` accepts and ``int`` does not ("²");
- plausible values of its own type, the valid ones among them (so some submissions succeed);
- hostile text: NUL, control and bidi characters, emoji, combining marks, very long strings,
  spreadsheet formula starts (=, +, -, @), HTML and template syntax, SQL;
- values of the wrong type (a date where a number goes, a list where one value goes).

A submission (``submission``) starts from the target's valid data and keeps it, changes one field,
changes several, or replaces everything; fields go missing, unknown ones appear, single values become
lists. ``sweep`` is the systematic part: every field at each of its edges (all fields at once, and
one field at a time with the rest valid). Values are ``str`` (or lists of ``str``), as a browser
sends them.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from django import forms
from hypothesis import strategies as st

# --- Values of every kind -------------------------------------------------------------------------

# Characters a browser can send (not lone surrogates, which are not UTF-8).
CHARS = st.characters(blacklist_categories=("Cs",))
FORMULAS = ["=1+1", "+46 70 123", "-2+3", "@SUM(A1:A9)", '=HYPERLINK("http://x.se","klicka")', "\t=1", "\r=1"]
# Digits that str.isdigit() accepts and int() refuses, and digits int() accepts though they are not ASCII.
ODD_DIGITS = ["²", "¹²", "①", "٣", "𝟙", "１２"]
HOSTILE = [
    "",
    " ",
    "   \t\n ",
    "\x00",
    "a\x00b",
    "\x1b[31m",
    "\u202eevil",
    "\ufeff",
    "\u200b",
    "e\u0301" * 3,
    "😀🇸🇪",
    "ÅÄÖ åäö",
    "ﷺ",
    "<script>alert(1)</script>",
    '"><img src=x onerror=alert(1)>',
    "{{ 7*7 }}{% debug %}",
    "%(x)s %s %d {0}",
    "'; DROP TABLE actors_organisation; --",
    "\\",
    "None",
    "null",
    "true",
    "NaN",
    "-Infinity",
    "0",
    "-0",
    "½",
    "\r\n",
    "javascript:alert(1)",
    "../../etc/passwd",
    *FORMULAS,
    *ODD_DIGITS,
]
NUMBERS = [
    "",
    "0",
    "-1",
    "1",
    "007",
    "1.5",
    "1,5",
    "-0.0",
    "1e3",
    "1e309",
    "-1e309",
    "1e-400",
    "2147483647",
    "2147483648",
    "-2147483649",
    "9223372036854775807",
    "9223372036854775808",
    "-9223372036854775809",
    "99999999999999999999999999999999",
    "0.000000001",
    "1.2.3",
    "0x1A",
    "1_000",
    " 42 ",
    "+5",
    "inf",
    "nan",
    "1/2",
    "abc",
    *ODD_DIGITS,
]
DATES = [
    "",
    "2030-06-01",
    "2024-02-29",
    "2023-02-29",
    "2024-02-30",
    "2024-13-01",
    "2024-00-10",
    "2024-01-32",
    "0001-01-01",
    "0000-01-01",
    "1900-01-01",
    "9999-12-31",
    "10000-01-01",
    "-2024-01-01",
    "31/12/2030",
    "12/31/2030",
    "2030-6-1",
    "20300601",
    "1.6.2030",
    "2030-06-01T10:00",
    "2030-06-01 10:00",
    "2030-06-01T25:61",
    "1700000000",
    "today",
    "2030-06-01Z",
    "２０３０-０６-０１",
    "²",
]
DATETIMES = [
    "",
    "2030-06-01T10:00",
    "2030-06-01 10:00",
    "2030-06-01T23:59",
    "2030-06-01T24:00",
    "0001-01-01T00:00",
    "0001-01-01 00:00",
    "9999-12-31T23:59",
    "9999-12-31 23:59",
    "2030-06-01T10:00:00+14:00",
    "2030-06-01T10:00Z",
    "2030-06-01",
    "10:00",
    "2030-03-31T02:30",  # a time that does not exist in Stockholm (the clocks go forward)
    "2030-10-27T02:30",  # a time that exists twice
    "1970-01-01T00:00",
    "2030-02-30T10:00",
]
TIMES = ["", "10:00", "24:00", "23:59:60", "9", "10:00:00.5", "noon", "²"]
BOOLS = ["on", "", "true", "false", "True", "False", "0", "1", "yes", "nej", "²"]
EMAILS = [
    "",
    "a@b.se",
    "fuzz@example.se",
    "no-at-sign",
    "a@b",
    "@b.se",
    "a@@b.se",
    "å@ä.se",
    "a@b.se\n",
    "x" * 250 + "@b.se",
    "=1+1@b.se",
    "a@b.se,c@d.se",
]
URLS = [
    "",
    "https://example.se",
    "example.se",
    "http://",
    "ftp://x.se",
    "javascript:alert(1)",
    "http://[::1",
    "https://" + "a" * 300 + ".se",
    "http://ä.se/å",
]
NOT_CHOICES = [
    "",
    "0",
    "-1",
    "999999999",
    "99999999999999999999999",
    "abc",
    "1.0",
    " 1",
    "[1]",
    "None",
    *ODD_DIGITS,
]


def text(max_size: int = 40) -> st.SearchStrategy[str]:
    return st.text(CHARS, max_size=max_size)


def long_text(limit: int | None) -> st.SearchStrategy[str]:
    """Strings at and over a length limit, and very long ones."""
    sizes = [101, 201, 1_001, 2_001, 10_001, 70_000]
    if limit:
        sizes = [limit, limit + 1, *sizes]
    return st.tuples(st.sampled_from(sizes), st.sampled_from(["x", "å", "😀", "=", " "])).map(
        lambda t: t[1] * t[0]
    )


WILD = st.one_of(st.sampled_from(HOSTILE), st.sampled_from(NUMBERS), st.sampled_from(DATES), text())


# --- Kinds of field -------------------------------------------------------------------------------


@dataclass(frozen=True)
class Kind:
    """What kind of value a field takes: ``name`` is one of text, int, number, date, datetime, time,
    bool, email, url, choice, multi, file; ``choices`` are the valid values of a choice (as sent)."""

    name: str
    choices: tuple[str, ...] = ()
    max_length: int | None = None

    def valid(self):
        """A value of the right type (not always valid for the form's own rules)."""
        return {
            "text": "Fuzz",
            "int": "3",
            "number": "2.5",
            "date": "2030-06-01",
            "datetime": "2030-06-01T10:00",
            "time": "10:00",
            "bool": "on",
            "email": "fuzz@example.se",
            "url": "https://example.se",
            "choice": self.choices[0] if self.choices else "",
            "multi": list(self.choices[:1]),
            "file": "",
        }[self.name]


TEXT = Kind("text")
INT = Kind("int")


def choice(*values) -> Kind:
    return Kind("choice", tuple(str(v) for v in values))


def _flat_choices(choices) -> list[str]:
    values = []
    for value, label in choices:
        if isinstance(label, (list, tuple)):  # an <optgroup>
            values += [str(v) for v, _label in label]
        elif value not in ("", None):
            values.append(str(getattr(value, "value", value)))
    return values


def describe(f: forms.Field) -> Kind:
    """The kind of a Django form field, with its valid choices (a model choice: some of its rows)."""
    if isinstance(f, forms.ModelChoiceField):  # and ModelMultipleChoiceField
        pks = (
            [str(pk) for pk in f.queryset.values_list("pk", flat=True)[:6]] if f.queryset is not None else []
        )
        return Kind("multi" if isinstance(f, forms.ModelMultipleChoiceField) else "choice", tuple(pks))
    if isinstance(f, forms.MultipleChoiceField):
        return Kind("multi", tuple(_flat_choices(f.choices)))
    if isinstance(f, forms.ChoiceField):
        choices = f.widget.choices if getattr(f.widget, "choices", None) else f.choices
        return Kind("choice", tuple(_flat_choices(choices)))
    if isinstance(f, (forms.BooleanField, forms.NullBooleanField)):
        return Kind("bool")
    if isinstance(f, forms.DateTimeField):
        return Kind("datetime")
    if isinstance(f, forms.DateField):
        return Kind("date")
    if isinstance(f, forms.TimeField):
        return Kind("time")
    if isinstance(f, forms.IntegerField):
        return Kind("int")
    if isinstance(f, (forms.DecimalField, forms.FloatField)):
        return Kind("number")
    if isinstance(f, forms.EmailField):
        return Kind("email", max_length=f.max_length)
    if isinstance(f, forms.URLField):
        return Kind("url", max_length=f.max_length)
    if isinstance(f, forms.FileField):
        return Kind("file")
    return Kind("text", max_length=getattr(f, "max_length", None))


def edges(kind: Kind) -> list:
    """The values at the edges of a kind, and just past them (see the module)."""
    over = ["x" * (kind.max_length + 1)] if kind.max_length else []
    return {
        "text": [
            "",
            " ",
            "\x00",
            "a\x00b",
            *over,
            "=1+1",
            "@SUM(A1)",
            "😀",
            "\u202eevil",
            "<b>",
            "{{ 7*7 }}",
            "²",
            "x" * 70_000,
        ],
        "int": NUMBERS,
        "number": NUMBERS,
        "date": DATES,
        "datetime": DATETIMES,
        "time": TIMES,
        "bool": BOOLS,
        "email": [*EMAILS, *over],
        "url": URLS,
        "choice": [*kind.choices, *NOT_CHOICES],
        "multi": [
            [],
            [""],
            *[[c] for c in kind.choices],
            list(kind.choices),
            *[[c] for c in NOT_CHOICES],
            [*kind.choices[:1], "abc"],
        ],
        "file": [""],
    }[kind.name]


def value(kind: Kind) -> st.SearchStrategy:
    """One value (or a list of values) for a field of ``kind``: at its edges, of its type, or wild."""
    own = {
        "text": st.text(st.characters(min_codepoint=32, max_codepoint=0x24F), min_size=1, max_size=30),
        "int": st.integers(-(2**65), 2**65).map(str),
        "number": st.one_of(
            st.floats(allow_nan=True, allow_infinity=True).map(repr),
            st.decimals(allow_nan=False, allow_infinity=False, places=3).map(str),
        ),
        "date": st.dates().map(lambda d: d.isoformat()),
        "datetime": st.datetimes().map(lambda d: d.strftime("%Y-%m-%dT%H:%M")),
        "time": st.times().map(lambda t: t.isoformat()),
        "bool": st.sampled_from(BOOLS),
        "email": st.emails(),
        "url": st.sampled_from(URLS),
        "choice": st.sampled_from(kind.choices or ("",)),
        "multi": st.lists(st.sampled_from(kind.choices or ("",)), max_size=4),
        "file": st.just(""),
    }[kind.name]
    at_edges = st.sampled_from(edges(kind))
    single = st.one_of(
        at_edges, at_edges, at_edges, own, own, st.sampled_from(HOSTILE), long_text(kind.max_length), WILD
    )
    if kind.name == "multi":
        return st.one_of(at_edges, at_edges, own, st.lists(single, max_size=3))
    return st.one_of(*[single] * 9, st.lists(single, min_size=2, max_size=3))


# --- A whole submission ---------------------------------------------------------------------------


@dataclass
class Shape:
    """The fields of one form as the fuzz suite sends it: their kinds, and a valid submission."""

    kinds: dict[str, Kind]
    valid: dict = field(default_factory=dict)


EXTRA_NAMES = [
    "csrfmiddlewaretoken",
    "id",
    "pk",
    "case",
    "user",
    "version",
    "__proto__",
    "x" * 300,
    "a[]",
    "",
]


@st.composite
def submission(draw, shape: Shape) -> dict:
    """A POST: the valid data as it is (it should be saved), with one field changed, with some
    changed, or everything generated; fields dropped, unknown fields added."""
    names = sorted(shape.kinds)
    mode = draw(st.sampled_from(["valid", "one", "one", "one", "one", "some", "some", "all"]))
    data = dict(shape.valid)
    if mode == "one" and names:
        changed = {draw(st.sampled_from(names))}
    elif mode == "some" and names:
        changed = set(draw(st.lists(st.sampled_from(names), max_size=len(names), unique=True)))
    elif mode == "all":
        changed = set(names)
        data = {}
    else:
        changed = set()
    for name in sorted(changed):
        if draw(st.integers(0, 7)) == 0:
            data.pop(name, None)  # missing
        else:
            data[name] = draw(value(shape.kinds[name]))
    if mode != "valid" and draw(st.integers(0, 7)) == 0:
        data[draw(st.sampled_from(EXTRA_NAMES))] = draw(WILD)
    return data


def sweep(shape: Shape, budget: int) -> list[dict]:
    """The systematic inputs, about ``budget`` of them: every field at its i-th edge at once (a few
    rounds), then each field alone at its edges with the rest valid, so the value reaches the code
    behind the form. Text fields get two edges each (the form checks their length and NUL); the
    typed fields (dates, numbers, choices) share the rest of the budget, their edges spread over the
    list."""
    names = sorted(shape.kinds)
    if not names:
        return []
    rounds = min(12, max(2, budget // 6))
    result = []
    for i in range(rounds):
        data = {}
        for name in names:
            values = edges(shape.kinds[name])
            data[name] = values[(i * 7 + len(name)) % len(values)]
        result.append(data)
    typed = [name for name in names if shape.kinds[name].name != "text"]
    texts = [name for name in names if shape.kinds[name].name == "text"]
    per_text = 2 if typed else max(2, (budget - rounds) // len(names))
    per_typed = max(2, (budget - rounds - per_text * len(texts)) // len(typed)) if typed else 0
    for n, name in enumerate(names):
        values = edges(shape.kinds[name])
        count = min(per_typed if name in typed else per_text, len(values))
        step = len(values) / count
        for j in range(count):
            result.append({**shape.valid, name: values[(n + int(j * step)) % len(values)]})
    return result
