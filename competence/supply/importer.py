"""Importing education offerings from a CSV file: read it and check every row, by the offering form's
own rules and the user's rights, without saving anything (``plan``: what each row would add or
change, and what is wrong with it), then save the rows, all or nothing, through
``services.offering_save`` (``save``), so each offering keeps its history.

The file is not kept on the server between the preview and the confirmation: the preview carries it,
compressed and signed for the user who uploaded it (``carry``, valid for an hour), with the offering
each row matched, so a confirmation imports exactly the file that was previewed, on whichever server
answers it, and a register that changed meanwhile shows the preview again (``carried``).

The columns are Swedish, as the region's spreadsheets name them (``COLUMNS``). A row changes the
offering of the same provider, name (in any case), municipality and start; any other row adds one.
A preview asks the database the same few questions however many rows the file has."""

from __future__ import annotations

import base64
import binascii
import copy
import csv
import io
import json
import re
import zlib
from collections import defaultdict
from dataclasses import dataclass, field
from datetime import date

from django import forms
from django.core import signing
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import translation
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop

from accounts import policy
from accounts.models import RoleName
from actors.models import Municipality, Organisation
from actors.services import MAX_IMPORT_FIELD_CHARS, file_too_large_message, import_max_bytes
from config.exports import SafeWriter

from ..models import Occupation
from . import services
from .forms import OfferingRowForm
from .models import Offering, OfferingForm, OfferingStatus

# A confirmation saves every row through the service, with its history, in one request: about 10 ms a
# row (SQLite, measured), so a thousand rows stay well within a worker's 30 seconds.
MAX_ROWS = 1000
REASON = gettext_noop("CSV import")  # the history's change reason (translated where it is shown)
SALT = "competence.supply.import"
VALID_SECONDS = 3600


@dataclass(frozen=True)
class Column:
    name: str  # as the header row names it
    field: str  # the offering's field it fills
    required: bool
    help: str
    example: str = ""


COLUMNS = (
    Column("namn", "name", True, gettext_lazy("The programme or course, as the provider calls it."),
           "Processoperatör batteri"),
    Column("anordnare", "provider", True,
           gettext_lazy("The provider: its organisation number, or its exact name in the actor registry."),
           "Yrkeshögskolan Norrsken AB"),
    Column("form", "form", True, gettext_lazy("The form, by its code or its name: %(choices)s."), "yh"),
    Column("ssyk", "occupations", True,
           gettext_lazy("The SSYK 2012 unit groups (four digits) it trains for, separated by spaces, "
                        "commas or |."),
           "8131 8132"),
    Column("sun", "sun_field", False, gettext_lazy("The education field, e.g. 523a."), "523a"),
    Column("kommun", "municipality", True,
           gettext_lazy("Where it is given: the municipality's four-digit code or its name."), "2482"),
    Column("platser", "places_per_year", True, gettext_lazy("Places a year, a whole number."), "35"),
    Column("examinerade", "graduates_per_year", True,
           gettext_lazy("Expected graduates a year, a whole number."), "28"),
    Column("start", "start", True, gettext_lazy("The start, as YYYY-MM-DD."), "2026-08-20"),
    Column("slut", "end", False, gettext_lazy("The end, as YYYY-MM-DD; empty while it runs on."),
           "2028-06-15"),
    Column("status", "status", True, gettext_lazy("The status, by its code or its name: %(choices)s."),
           "beviljad"),
    Column("kalla", "source", False, gettext_lazy("Where the figures come from."), "Ansökan till MYH 2026"),
    Column("lank", "link", False, gettext_lazy("Its web page."), "https://example.se/processoperator"),
    Column("anteckning", "note", False, gettext_lazy("A note, at most 2,000 characters."), ""),
)  # fmt: skip
BY_NAME = {c.name: c for c in COLUMNS}
BY_FIELD = {c.field: c for c in COLUMNS}
CHOICES = {"form": OfferingForm.choices, "status": OfferingStatus.choices}
# The fields whose change a preview names (the occupations are compared apart).
COMPARED = [c.field for c in COLUMNS if c.field not in ("occupations",)]

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")  # no spreadsheet writes these into a CSV file
_LINE_BREAK = re.compile(r"\r\n|\r|\n")
_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")
_CODE_SEPARATORS = re.compile(r"[\s,|;]+")
_FOLD = str.maketrans("åäöéü", "aaoeu")
EXTRA = "\x00extra"  # the key of a row's cells beyond the header's columns


def _fold(text: str) -> str:
    """A name as compared: in any case, with single spaces."""
    return " ".join(text.split()).casefold()


def _column_name(header: str) -> str:
    """A header cell as a column's name: "Källa", " LÄNK " and "kalla" all name ``kalla``."""
    return _fold(header).translate(_FOLD)


def column_help() -> list[tuple[Column, str]]:
    """Every column with what it holds (the form's and the status's choices named)."""
    result = []
    for column in COLUMNS:
        text = str(column.help)
        if column.field in CHOICES:
            choices = ", ".join(f"{value} ({label})" for value, label in CHOICES[column.field])
            text = text % {"choices": choices}
        result.append((column, text))
    return result


# --- Reading the file -----------------------------------------------------------------------------


def _unreadable(line: int, exc: csv.Error | None = None) -> ValidationError:
    if exc is None or "field larger than field limit" in str(exc):
        return ValidationError(
            _("Line %(line)d: a field is longer than %(max)s characters, or a quote is not closed.")
            % {"line": line, "max": number_format(MAX_IMPORT_FIELD_CHARS, force_grouping=True)}
        )
    message = _(
        "The file cannot be read as CSV from line %(line)d: a field is too long or a quote is not closed."
    )
    return ValidationError(message % {"line": line})


def read(data: bytes) -> tuple[list[str], list[tuple[int, dict[str, str]]]]:
    """The columns the header row names, and the rows below it with the line each starts on (blank
    lines left out); a ValidationError saying what is wrong with a file that cannot be read: too
    large, not UTF-8 text, not CSV, empty, columns missing or unknown, too many rows. The separator
    is the header's: a semicolon (as a Swedish spreadsheet writes it), a comma or a tab."""
    if len(data) > import_max_bytes():
        raise ValidationError(file_too_large_message())
    not_utf8 = _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(not_utf8) from exc
    if "\x00" in text:  # UTF-16 without its byte order mark reads as UTF-8 with a NUL after each letter
        raise ValidationError(not_utf8)
    if control := _CONTROL.search(text):
        line = len(_LINE_BREAK.findall(text, 0, control.start())) + 1
        raise ValidationError(
            _("The file is not a CSV text file: line %(line)d holds a control character.") % {"line": line}
        )
    if not text.strip():
        raise ValidationError(_("The file is empty."))
    first = next(line for line in _LINE_BREAK.split(text) if line.strip())
    delimiter = max(";,\t", key=first.count)
    reader = csv.reader(io.StringIO(text, newline=""), delimiter=delimiter)
    header: list[str] = []
    try:
        for cells in reader:
            if any(cell.strip() for cell in cells):
                header = cells
                break
    except csv.Error as exc:
        raise _unreadable(reader.line_num or 1, exc) from exc
    names = [_column_name(cell) for cell in header]
    _check_header(names)
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            cells = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _unreadable(start, exc) from exc
        if not any(cell.strip() for cell in cells):
            continue
        if any(len(cell) > MAX_IMPORT_FIELD_CHARS for cell in cells):
            raise _unreadable(start)
        row = {name: cells[i].strip() for i, name in enumerate(names) if name and i < len(cells)}
        if any(cell.strip() for cell in cells[len(names) :]):
            row[EXTRA] = "1"
        rows.append((start, row))
        if len(rows) > MAX_ROWS:
            raise ValidationError(_("The file has more than %(max)d rows.") % {"max": MAX_ROWS})
    if not rows:
        raise ValidationError(_("The file has no rows below the header."))
    return [name for name in names if name], rows


def _check_header(names: list[str]) -> None:
    problems = []
    missing = [c.name for c in COLUMNS if c.required and c.name not in names]
    if missing:
        problems.append(
            _("The file lacks the column(s): %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)}
        )
    unknown = [name for name in names if name and name not in BY_NAME]
    if unknown:
        problems.append(
            _(
                "The file has column(s) this import does not know: %(columns)s. Name them as the file "
                "format says."
            )
            % {"columns": ", ".join(unknown)}
        )
    doubled = sorted({name for name in names if name and names.count(name) > 1})
    if doubled:
        problems.append(
            _("The file names the column(s) %(columns)s more than once.") % {"columns": ", ".join(doubled)}
        )
    if problems:
        raise ValidationError(problems)


# --- Checking the rows ----------------------------------------------------------------------------


@dataclass
class Row:
    """One row of the file: the offering it would save, and what is wrong with it."""

    line: int
    cells: dict[str, str]
    offering: Offering  # as it would be saved (a copy of the stored one, for a change)
    occupations: list = field(default_factory=list)
    existing: Offering | None = None  # the stored offering it changes (None: it adds one)
    changes: list[str] = field(default_factory=list)  # the labels of the fields it changes
    errors: list[tuple[str, str]] = field(default_factory=list)  # (column, message); column "" for the row

    @property
    def action(self) -> str:
        if self.errors:
            return "error"
        if self.existing is None:
            return "create"
        return "update" if self.changes else "unchanged"

    @property
    def provider(self):
        return self.offering.provider if self.offering.provider_id else None

    @property
    def municipality(self):
        return self.offering.municipality if self.offering.municipality_id else None


@dataclass
class Plan:
    """A file, read and checked: its rows, or what is wrong with it as a whole."""

    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows) and not self.rows_with_errors

    @property
    def rows_with_errors(self) -> list[Row]:
        return [row for row in self.rows if row.errors]

    def count(self, action: str) -> int:
        return sum(1 for row in self.rows if row.action == action)

    @property
    def created(self) -> int:
        return self.count("create")

    @property
    def updated(self) -> int:
        return self.count("update")

    @property
    def unchanged(self) -> int:
        return self.count("unchanged")

    @property
    def to_save(self) -> int:
        return self.created + self.updated

    @property
    def keys(self) -> list[int]:
        """The offering each row changes (0: it adds one): what a confirmation must find again."""
        return [row.existing.pk if row.existing else 0 for row in self.rows]


def _choice_words(choices) -> dict[str, str]:
    """A choice's code and its name, in Swedish and in English, each in any case -> the code."""
    words = {}
    for language in ("en", "sv"):
        with translation.override(language):
            words.update({_fold(str(label)): value for value, label in choices})
    words.update({value.casefold(): value for value, _label in choices})
    return words


def _digits(text: str) -> str:
    return re.sub(r"[\s-]", "", text)


class _Registry:
    """What the rows name, read for the whole file at once: the organisations (by number and name),
    the municipalities (by code and name), the occupations, the offerings a row may change, and
    which providers and places the user may give an offering (the policy's bounds, as the form's)."""

    def __init__(self, rows: list[tuple[int, dict[str, str]]], user):
        by_number, by_name = {}, defaultdict(list)
        for pk, name, number in Organisation.objects.values_list("pk", "name", "org_number"):
            if number:
                by_number[_digits(number)] = pk
            by_name[_fold(name)].append(pk)
        self.org_by_number, self.org_by_name = by_number, by_name
        named = {_fold(row.get("anordnare", "")) for _line, row in rows}
        numbered = {_digits(row.get("anordnare", "")) for _line, row in rows}
        wanted = {by_number[n] for n in numbered if n in by_number}
        wanted |= {pk for name in named for pk in by_name.get(name, [])}
        organisations = Organisation.objects.filter(pk__in=wanted)
        self.organisations = {org.pk: org for org in organisations}
        self.providers = set(policy.offering_providers(user, organisations).values_list("pk", flat=True))

        municipalities = list(Municipality.objects.select_related("region"))
        self.municipality_by_code = {m.code: m for m in municipalities}
        self.municipality_by_name = {_fold(m.name): m for m in municipalities}
        self.places = set(
            policy.offering_places(user, Municipality.objects.all()).values_list("pk", flat=True)
        )

        codes = {code for _line, row in rows for code in _codes(row.get("ssyk", "")) if len(code) == 4}
        self.occupations = {o.code: o for o in Occupation.objects.filter(level=4, code__in=codes)}

        self.existing = defaultdict(list)
        candidates = Offering.objects.filter(
            provider_id__in=self.providers,
            municipality_id__in=self.places,
            start__in={_iso_date(row.get("start", "")) for _line, row in rows} - {None},
        )
        for offering in candidates.select_related("provider", "municipality__region").prefetch_related(
            "occupations"
        ):
            key = (offering.provider_id, _fold(offering.name), offering.municipality_id, offering.start)
            self.existing[key].append(offering)
        self.words = {name: _choice_words(choices) for name, choices in CHOICES.items()}

    def provider(self, value: str) -> tuple[Organisation | None, str]:
        """The organisation ``value`` names (its number or its exact name), or why none."""
        pk = self.org_by_number.get(_digits(value)) if re.fullmatch(r"[\d\s-]{10,13}", value) else None
        if pk is None:
            found = self.org_by_name.get(_fold(value), [])
            if len(found) > 1:
                return None, _(
                    "Several organisations are called “%(name)s”: give its organisation number."
                ) % {"name": value}
            pk = found[0] if found else None
        if pk is None:
            return None, _(
                "No organisation “%(name)s” in the actor registry: give its organisation number or its "
                "exact name."
            ) % {"name": value}
        organisation = self.organisations[pk]
        if pk not in self.providers:
            return None, _("You may add offerings only for your own organisation, not for %(name)s.") % {
                "name": organisation.name
            }
        return organisation, ""

    def municipality(self, value: str) -> tuple[Municipality | None, str]:
        found = (
            self.municipality_by_code.get(value.zfill(4))
            if value.isdecimal()
            else self.municipality_by_name.get(_fold(value))
        )
        if found is None:
            return None, _("No municipality “%(value)s”: give its four-digit code or its name.") % {
                "value": value
            }
        if found.pk not in self.places:
            return None, _(
                "%(name)s is outside your region: you may place offerings only in your region's "
                "municipalities."
            ) % {"name": found.name}
        return found, ""


def _codes(value: str) -> list[str]:
    return [code for code in _CODE_SEPARATORS.split(value) if code]


def plan(data: bytes, *, user) -> Plan:
    """Read ``data`` and check every row as the user's (nothing is saved): a handful of queries."""
    try:
        columns, records = read(data)
    except ValidationError as exc:
        return Plan(errors=exc.messages)
    registry = _Registry(records, user)
    fields = {BY_NAME[name].field for name in columns}
    seen: dict[tuple, int] = {}
    rows = []
    for line, cells in records:
        row = _check_row(line, cells, registry, fields, user)
        key = _key(row)
        if key is not None and key in seen:
            same = _(
                "Line %(line)d holds the same offering (the same provider, name, municipality and start)."
            )
            row.errors.append(("", same % {"line": seen[key]}))
        elif key is not None:
            seen[key] = line
        rows.append(row)
    return Plan(rows=rows)


def _key(row: Row) -> tuple | None:
    offering = row.offering
    if not (offering.provider_id and offering.municipality_id and offering.start and offering.name):
        return None
    return (offering.provider_id, _fold(offering.name), offering.municipality_id, offering.start)


def _check_row(line: int, cells: dict[str, str], registry: _Registry, fields: set[str], user) -> Row:
    """One row, checked: the offering it names or adds, by the row form's rules, the service's
    (occupations, SUN field) and the policy's; each problem with the column it is in."""
    errors: list[tuple[str, str]] = []
    if EXTRA in cells:
        errors.append(("", _("The row has more fields than the header has columns.")))
    provider, problem = _found(cells, "anordnare", registry.provider)
    if problem:
        errors.append(("anordnare", problem))
    municipality, problem = _found(cells, "kommun", registry.municipality)
    if problem:
        errors.append(("kommun", problem))
    occupations = []
    for code in dict.fromkeys(_codes(cells.get("ssyk", ""))):
        if code in registry.occupations:
            occupations.append(registry.occupations[code])
        else:
            errors.append(
                ("ssyk", _("“%(code)s” is no SSYK 2012 unit group (four digits).") % {"code": code})
            )
    data = {}
    for name, value in cells.items():
        column = BY_NAME.get(name)
        if column is None:
            continue
        if column.field in CHOICES:
            value = registry.words[column.field].get(_fold(value), value)
        elif column.field in ("start", "end") and value and not _ISO_DATE.fullmatch(value):
            errors.append((name, _("Write the date as YYYY-MM-DD, for example 2026-08-20.")))
            value = ""
        data[column.field] = value

    existing = None
    start = _iso_date(data.get("start", ""))
    if provider and municipality and start:
        matches = registry.existing.get(
            (provider.pk, _fold(data.get("name", "")), municipality.pk, start), []
        )
        if len(matches) > 1:
            errors.append(
                ("", _("Several offerings in the register have this provider, name, municipality and start: "
                       "change them one by one."))
            )  # fmt: skip
        existing = matches[0] if len(matches) == 1 else None
    # A copy: the form sets the row's values on it, the stored offering stays as it is to compare.
    offering = copy.copy(existing) if existing else Offering()
    form = OfferingRowForm(data, instance=offering, user=user, columns=fields)
    offering.provider_id = None if existing is None else offering.provider_id  # the form's, for a contact
    if provider:
        offering.provider = provider
    if municipality:
        offering.municipality = municipality
    if not form.is_valid():
        reported = {column for column, _message in errors}
        for name, messages in form.errors.items():
            column = BY_FIELD[name].name if name in BY_FIELD else ""
            if column not in reported:
                errors.extend((column, message) for message in messages)
    try:
        services.check_offering(offering, occupations)  # the service's own rules: occupations, SUN field
    except ValidationError as exc:
        reported = {column for column, _message in errors}
        for name, messages in exc.message_dict.items():
            column = BY_FIELD[name].name if name in BY_FIELD else ""
            if column not in reported:
                errors.extend((column, message) for message in messages)
    if provider and municipality and not errors:
        if existing is not None and not policy.can_edit_offering(user, existing):
            errors.append(("", _("You may not change the offering this row matches.")))
        elif not policy.can_edit_offering(user, offering):
            errors.append(("", _("You may not add this offering.")))
    row = Row(line=line, cells=cells, offering=offering, occupations=occupations, existing=existing)
    row.errors = errors
    if existing is not None and not errors:
        row.changes = _changes(existing, offering, occupations)
    return row


def _found(cells: dict[str, str], column: str, find) -> tuple[object | None, str]:
    """What the cell of ``column`` names (by ``find``), or why nothing: an empty cell is required."""
    value = cells.get(column, "")
    if not value:
        return None, str(forms.Field.default_error_messages["required"])
    return find(value)


def _iso_date(value: str) -> date | None:
    """A date written YYYY-MM-DD (and a day that exists), else None."""
    if not _ISO_DATE.fullmatch(value):
        return None
    try:
        return date.fromisoformat(value)
    except ValueError:
        return None


def _changes(stored: Offering, new: Offering, occupations: list) -> list[str]:
    changed = [
        str(Offering._meta.get_field(name).verbose_name)
        for name in COMPARED
        if name not in ("provider", "municipality") and getattr(stored, name) != getattr(new, name)
    ]
    if {o.pk for o in stored.occupations.all()} != {o.pk for o in occupations}:
        changed.append(str(Offering._meta.get_field("occupations").verbose_name))
    return changed


# --- Saving ---------------------------------------------------------------------------------------


class RowRefused(Exception):
    """A row the service refused while saving (the register or the user's rights changed since the
    file was checked): nothing is saved."""

    def __init__(self, line: int, messages: list[str]):
        super().__init__(line, messages)
        self.line, self.messages = line, messages


@transaction.atomic
def save(checked: Plan, *, user) -> None:
    """Save every row of ``checked`` (which must be ``ok``) through the service: all or nothing."""
    if not checked.ok:
        raise ValueError("save() needs a file checked without errors")
    for row in checked.rows:
        if row.action == "unchanged":
            continue
        try:
            services.offering_save(
                user=user, offering=row.offering, occupations=row.occupations, reason=REASON
            )
        except ValidationError as exc:
            raise RowRefused(row.line, exc.messages) from exc
        except PermissionDenied as exc:
            raise RowRefused(row.line, [_("You may not add or change this offering.")]) from exc


# --- Carrying the file from the preview to the confirmation --------------------------------------


def carry(user, data: bytes, checked: Plan, *, filename: str) -> str:
    """The file and what its preview matched, compressed and signed for ``user``. Only base64's
    letters and a few marks: a browser sends a form field's line breaks back as CR LF."""
    meta = json.dumps({"user": user.pk, "file": filename[:200], "keys": checked.keys})
    body = zlib.compress(meta.encode() + b"\n" + data, 9)
    return signing.TimestampSigner(salt=SALT).sign(base64.urlsafe_b64encode(body).decode("ascii"))


def carried(user, token: str) -> tuple[dict, bytes] | None:
    """The previewed file and what its preview matched, if ``token`` is one this user was given
    within the hour."""
    try:
        body = base64.urlsafe_b64decode(
            signing.TimestampSigner(salt=SALT).unsign(token, max_age=VALID_SECONDS)
        )
        inflater = zlib.decompressobj()
        unpacked = inflater.decompress(body, import_max_bytes() + 64 * 1024 + 16 * MAX_ROWS)
        if inflater.unconsumed_tail:
            return None
        meta, data = unpacked.split(b"\n", 1)
        meta = json.loads(meta)
    except (signing.BadSignature, ValueError, binascii.Error, zlib.error):
        return None
    return (meta, data) if isinstance(meta, dict) and meta.get("user") == user.pk else None


# --- The example file -----------------------------------------------------------------------------


def example(user) -> bytes:
    """A file to start from: the header and one line of made-up values, with the user's own
    organisation as the provider (an actor contact's) and a municipality they may place it in."""
    values = {c.name: c.example for c in COLUMNS}
    if policy.role_of(user) == RoleName.CONTACT:
        own = policy.offering_providers(user, Organisation.objects.all()).first()
        values["anordnare"] = (own.org_number or own.name) if own else ""
    place = policy.offering_places(user, Municipality.objects.order_by("code")).first()
    if place is not None:
        values["kommun"] = place.code
    out = io.StringIO()
    writer = SafeWriter(out, delimiter=";", lineterminator="\r\n")  # no cell runs as a formula
    writer.writerow([c.name for c in COLUMNS])
    writer.writerow([values[c.name] for c in COLUMNS])
    return ("\ufeff" + out.getvalue()).encode("utf-8")  # the mark tells a spreadsheet it is UTF-8
