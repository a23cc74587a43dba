"""Writes for the actor registry: organisations, people, roles, and CSV import."""

from __future__ import annotations

import csv
import io
import re
from dataclasses import dataclass, field

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.template.defaultfilters import filesizeformat
from django.utils.formats import number_format
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from stdnum.se import orgnr

from accounts import policy
from config.history import save_audited

from .models import Level, Municipality, Organisation, OrganisationType, Person, Region, Role
from .validators import normalise_orgnr, normalise_phone


def _require_editor(user) -> None:
    if not policy.can_edit_registry(user):
        raise PermissionDenied


@transaction.atomic
def organisation_save(*, user, organisation: Organisation, reason: str = "") -> Organisation:
    """Create or update an organisation (the form has already set its fields)."""
    _require_editor(user)
    organisation.org_number = normalise_orgnr(organisation.org_number) if organisation.org_number else ""
    return save_audited(organisation, user=user, reason=reason)


@transaction.atomic
def person_save(*, user, person: Person, reason: str = "") -> Person:
    _require_editor(user)
    if person.phone:
        person.phone = normalise_phone(person.phone)
    return save_audited(person, user=user, reason=reason)


@transaction.atomic
def role_save(*, user, role: Role, reason: str = "") -> Role:
    _require_editor(user)
    return save_audited(role, user=user, reason=reason)


# --- CSV import --------------------------------------------------------------------------------

DEFAULT_IMPORT_MAX_BYTES = 2 * 1024 * 1024
MAX_IMPORT_ROWS = 5000
# Longer than any column of the registry (an organisation's notes hold 5,000 characters), short of the
# csv module's own limit (131,072, a process-wide setting this module leaves alone).
MAX_IMPORT_FIELD_CHARS = 10_000
# C0 control characters other than tab, line feed and carriage return: no spreadsheet writes them into
# a CSV file, a binary file is full of them, and PostgreSQL refuses NUL in text.
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f]")
_LINE_BREAK = re.compile(r"\r\n|\r|\n")

ORGANISATION_COLUMNS = [
    "name",
    "type",
    "level",
    "region_code",
    "municipality_code",
    "org_number",
    "website",
    "notes",
]
PERSON_COLUMNS = ["name", "title", "organisation", "email", "phone"]


def import_max_bytes() -> int:
    """The largest file the import takes (IMPORT_MAX_BYTES). The view stops an upload at this size
    before it is stored, and the import refuses a longer one whatever brought it."""
    return int(getattr(settings, "IMPORT_MAX_BYTES", DEFAULT_IMPORT_MAX_BYTES))


def size_label(size: int) -> str:
    """A byte count as the messages show it: "2 MB" for whole megabytes, else Django's wording."""
    mb = 1024 * 1024
    return f"{size // mb}\xa0MB" if size >= mb and size % mb == 0 else filesizeformat(size)


def file_too_large_message(limit: int | None = None) -> str:
    limit = import_max_bytes() if limit is None else limit
    return _("The file is larger than %(size)s. Split it into smaller files and import them one by one.") % {
        "size": size_label(limit)
    }


def import_limits_help() -> str:
    """What the form says of the file it takes."""
    return _("UTF-8, comma or semicolon separated; at most %(size)s and %(rows)s rows.") % {
        "size": size_label(import_max_bytes()),
        "rows": number_format(MAX_IMPORT_ROWS, force_grouping=True),
    }


@dataclass
class RowError:
    line: int
    messages: list[str]


@dataclass
class ImportResult:
    created: int = 0
    errors: list[RowError] = field(default_factory=list)

    @property
    def ok(self) -> bool:
        return not self.errors


def _field_too_long(line: int) -> ValidationError:
    return ValidationError(
        _("Line %(line)d: a field is longer than %(max)s characters, or a quote is not closed.")
        % {"line": line, "max": number_format(MAX_IMPORT_FIELD_CHARS, force_grouping=True)},
        code="field_too_long",
    )


def _read_rows(data: bytes, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows of a CSV file below its header, each with its line; a ValidationError that says what
    is wrong with a file that cannot be read (too large, not UTF-8 text, not CSV, no header, no rows,
    too many rows, an over-long field)."""
    if len(data) > import_max_bytes():
        raise ValidationError(file_too_large_message(), code="too_large")
    not_utf8 = _("The file is not UTF-8 text. Save it as “CSV UTF-8” and try again.")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise ValidationError(not_utf8, code="encoding") from exc
    if "\x00" in text:  # UTF-16 without its byte order mark reads as UTF-8 with a NUL after each letter
        raise ValidationError(not_utf8, code="encoding")
    if control := _CONTROL.search(text):
        line = len(_LINE_BREAK.findall(text, 0, control.start())) + 1
        raise ValidationError(
            _("The file is not a CSV text file: line %(line)d holds a control character.") % {"line": line},
            code="binary",
        )
    sample = text[:4096]
    try:
        dialect = csv.Sniffer().sniff(sample, delimiters=",;\t")
    except csv.Error:
        dialect = csv.excel
    reader = csv.DictReader(io.StringIO(text), dialect=dialect)
    rows = _dict_rows(reader, required)
    if not rows:
        raise ValidationError(_("The file has no rows below the header."), code="no_rows")
    return rows


def _dict_rows(reader: csv.DictReader, required: list[str]) -> list[tuple[int, dict[str, str]]]:
    """The rows below the header, each with the line it starts on; the header must name ``required``.
    A field longer than MAX_IMPORT_FIELD_CHARS, or one the csv module cannot read, is reported with
    the line its row starts on."""
    start = 1
    try:
        fieldnames = reader.fieldnames or []
    except csv.Error as exc:
        raise _unreadable(exc, start) from exc
    if any(len(name) > MAX_IMPORT_FIELD_CHARS for name in fieldnames):
        raise _field_too_long(start)
    headers = [h.strip().lower() for h in fieldnames]
    missing = [c for c in required if c not in headers]
    if missing:
        raise ValidationError(
            _("The file lacks the column(s): %(columns)s. The first row must name the columns.")
            % {"columns": ", ".join(missing)},
            code="columns",
        )
    reader.fieldnames = headers
    rows = []
    while True:
        start = reader.line_num + 1
        try:
            row = next(reader)
        except StopIteration:
            break
        except csv.Error as exc:
            raise _unreadable(exc, start) from exc
        # A row longer than the header keeps the rest of its fields, as a list, under the key None.
        cells = [v for k, v in row.items() if k is not None and v] + (row.get(None) or [])
        if any(len(cell) > MAX_IMPORT_FIELD_CHARS for cell in cells):
            raise _field_too_long(start)
        # reader.line_num is the file's own line number, even after blank lines or quoted line breaks.
        rows.append((reader.line_num, {k: (v or "").strip() for k, v in row.items() if k}))
        if len(rows) > MAX_IMPORT_ROWS:
            raise ValidationError(
                _("The file has more than %(max)d rows.") % {"max": MAX_IMPORT_ROWS}, code="too_many_rows"
            )
    return rows


def _unreadable(exc: csv.Error, line: int) -> ValidationError:
    if "field larger than field limit" in str(exc):  # the csv module's own limit (131,072 characters)
        return _field_too_long(line)
    message = _(
        "The file cannot be read as CSV from line %(line)d: a field is too long or a quote is not closed."
    )
    return ValidationError(message % {"line": line}, code="csv")


def _errors_of(exc: ValidationError) -> list[str]:
    if hasattr(exc, "error_dict"):
        return [
            f"{name}: {m}" if name != "__all__" else str(m)
            for name, msgs in exc.message_dict.items()
            for m in msgs
        ]
    return list(exc.messages)


def _choice(value: str, choices) -> str | None:
    v = value.strip().lower()
    for key, label in choices:
        if v in {key.lower(), str(label).lower()}:
            return key
    return None


@transaction.atomic
def organisations_import(*, user, data: bytes) -> ImportResult:
    """Import organisations from CSV. Every row is checked; one bad row means nothing is imported."""
    _require_editor(user)
    rows = _read_rows(data, ["name", "type", "level"])
    regions = {r.code: r for r in Region.objects.all()}
    municipalities = {m.code: m for m in Municipality.objects.all()}
    municipalities_by_name = {m.name.lower(): m for m in municipalities.values()}
    seen_orgnr: dict[str, int] = {}
    result = ImportResult()
    to_save = []
    for line, row in rows:
        messages = []
        org_type = _choice(row.get("type", ""), OrganisationType.choices)
        if org_type is None:
            messages.append(
                _("type: “%(value)s” is not a known actor type.") % {"value": row.get("type", "")}
            )
        level = _choice(row.get("level", ""), Level.choices)
        if level is None:
            messages.append(
                _("level: “%(value)s” is not lokal, regional, nationell or internationell.")
                % {"value": row.get("level", "")}
            )
        region = None
        if code := row.get("region_code", ""):
            region = regions.get(code.zfill(2))
            if region is None:
                messages.append(_("region_code: no region has the code %(code)s.") % {"code": code})
        municipality = None
        if code := row.get("municipality_code", ""):
            municipality = municipalities.get(code.zfill(4)) or municipalities_by_name.get(code.lower())
            if municipality is None:
                messages.append(
                    _("municipality_code: no municipality has the code %(code)s.") % {"code": code}
                )
        org = Organisation(
            name=row.get("name", ""),
            type=org_type or "",
            level=level or "",
            region=region or (municipality.region if municipality else None),
            municipality=municipality,
            org_number=row.get("org_number", ""),
            website=row.get("website", ""),
            notes=row.get("notes", ""),
        )
        if org.org_number and orgnr.is_valid(org.org_number):
            org.org_number = normalise_orgnr(org.org_number)  # so the uniqueness check sees one spelling
        already_reported = [name for name, value in (("type", org_type), ("level", level)) if value is None]
        try:
            org.full_clean(exclude=already_reported)
        except ValidationError as exc:
            messages.extend(_errors_of(exc))
        if org.org_number and not messages:
            org.org_number = normalise_orgnr(org.org_number)
            if org.org_number in seen_orgnr:
                messages.append(
                    _("org_number: the same number is on line %(line)d.")
                    % {"line": seen_orgnr[org.org_number]}
                )
            seen_orgnr[org.org_number] = line
        if messages:
            result.errors.append(RowError(line=line, messages=messages))
        else:
            to_save.append(org)
    if result.errors:
        return result
    for org in to_save:
        save_audited(org, user=user, reason=gettext_noop("CSV import"))
    result.created = len(to_save)
    return result


@transaction.atomic
def people_import(*, user, data: bytes) -> ImportResult:
    """Import people from CSV; ``organisation`` is the organisation's number or exact name."""
    _require_editor(user)
    rows = _read_rows(data, ["name", "organisation"])
    by_number = {o.org_number: o for o in Organisation.objects.exclude(org_number="")}
    by_name: dict[str, list[Organisation]] = {}
    for o in Organisation.objects.all():
        by_name.setdefault(o.name.lower(), []).append(o)
    result = ImportResult()
    to_save = []
    for line, row in rows:
        messages = []
        ref = row.get("organisation", "")
        org = None
        if ref:
            try:
                org = by_number.get(normalise_orgnr(ref))
            except Exception:  # noqa: BLE001 - not a number: fall back to the name
                org = None
            if org is None:
                matches = by_name.get(ref.lower(), [])
                if len(matches) == 1:
                    org = matches[0]
                elif len(matches) > 1:
                    messages.append(
                        _(
                            "organisation: several organisations are called “%(name)s”; "
                            "use the organisation number."
                        )
                        % {"name": ref}
                    )
            if org is None and not messages:
                messages.append(
                    _("organisation: no organisation “%(name)s” in the registry.") % {"name": ref}
                )
        person = Person(
            name=row.get("name", ""),
            title=row.get("title", ""),
            organisation=org,
            email=row.get("email", ""),
            phone=row.get("phone", ""),
        )
        try:
            person.full_clean(exclude=["organisation"] if org is None else None)
        except ValidationError as exc:
            messages.extend(_errors_of(exc))
        if org is None and not ref:
            messages.append(_("organisation: this column is empty."))
        if messages:
            result.errors.append(RowError(line=line, messages=messages))
        else:
            person.phone = normalise_phone(person.phone)
            to_save.append(person)
    if result.errors:
        return result
    for person in to_save:
        save_audited(person, user=user, reason=gettext_noop("CSV import"))
    result.created = len(to_save)
    return result
