"""Loading a round of Arbetsförmedlingen's Yrkesbarometer: read a file (the official JSON with a row
per occupation and county, or a CSV with the same or the shipped file's columns), see what loading
it would change (``preview``), then load it in one transaction (``load``). A round loaded again
replaces that round's assessments; other rounds stay.

Every rule about what a valid file is lives here; the management command ``load_yrkesbarometer``, the
admin's upload page and the data migration that ships round 2026-1 all go through it."""

from __future__ import annotations

import csv
import io
import json
import re
from collections import defaultdict
from dataclasses import dataclass, field
from pathlib import Path

from django.apps import apps as django_apps
from django.db import transaction
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from .models import NATIONAL, Forecast, Prospects, Situation

MAX_ERRORS = 20  # listed one by one; the rest are counted
ROUND = re.compile(r"^\d{4}-\d$")
SSYK4 = re.compile(r"(?<!\d)\d{4}(?!\d)")
SOURCE = "Arbetsförmedlingen, Yrkesbarometer (data.arbetsformedlingen.se, CC0 1.0)"

# The file's words for each value, in Swedish as Arbetsförmedlingen writes them.
SITUATIONS = {
    "brist": Situation.SHORTAGE,
    "paradox": Situation.PARADOX,
    "balans": Situation.BALANCE,
    "överskott": Situation.SURPLUS,
    "overskott": Situation.SURPLUS,
}
PROSPECTS = {
    "stora": Prospects.LARGE,
    "medelstora": Prospects.MEDIUM,
    "små": Prospects.SMALL,
    "sma": Prospects.SMALL,
}
FORECASTS = {
    "öka": Forecast.INCREASE,
    "oka": Forecast.INCREASE,
    "vara oförändrad": Forecast.UNCHANGED,
    "oförändrad": Forecast.UNCHANGED,
    "oforandrad": Forecast.UNCHANGED,
    "minska": Forecast.DECREASE,
}
# The columns of the shipped CSV, and the official file's names for the same.
ALIASES = {
    "yb_yrke": "yrke",
    "ssyk": "ssyk_codes",
    "yb_concept_id": "concept_id",
}


@dataclass
class Row:
    occupation: str
    county: str
    situation: str
    prospects: str = ""
    forecast: str = ""
    text: str = ""
    occupational_field: str = ""
    concept_id: str = ""
    codes: set[str] = field(default_factory=set)


@dataclass
class Parsed:
    """A file, read: its round, one row per occupation and county, and what was wrong with it."""

    round: str = ""
    rows: list[Row] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)
    warnings: list[str] = field(default_factory=list)
    published: str = ""

    @property
    def ok(self) -> bool:
        return not self.errors and bool(self.rows)


@dataclass
class Preview:
    """What loading a parsed file would do."""

    round: str
    new_round: bool
    assessments: int
    replaced: int
    counties: list[str]
    occupations: int
    new_occupations: list[str]
    previous_round: str
    moved: list[tuple[str, str, str, str]]  # occupation, county, situation before, after
    unknown_codes: list[str]
    warnings: list[str]


def _text(value) -> str:
    """A field as text: trimmed, without NUL characters (which carry nothing, and PostgreSQL refuses)."""
    return "" if value is None else str(value).replace("\x00", "").strip()


def _records(data: bytes, filename: str) -> tuple[list[dict], list[str]]:
    """The file's rows as dicts with the shipped CSV's column names, and errors."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError:
        return [], [_("The file is not UTF-8 text.")]
    if filename.lower().endswith(".json") or text.lstrip()[:1] in "[{":
        try:
            loaded = json.loads(text)
        except ValueError as error:
            return [], [_("The file is not valid JSON (%(error)s).") % {"error": error}]
        if isinstance(loaded, dict):  # an envelope around the rows, as some copies have
            lists = [v for v in loaded.values() if isinstance(v, list)]
            loaded = lists[0] if lists else None
        if not isinstance(loaded, list) or not all(isinstance(r, dict) for r in loaded):
            return [], [_("The JSON must be a list of rows (objects), one per occupation and county.")]
        records = loaded
    else:
        try:
            records = list(csv.DictReader(io.StringIO(text)))
        except csv.Error as error:
            return [], [_("The file is not a readable CSV (%(error)s).") % {"error": error}]
    return [{ALIASES.get(k, k): v for k, v in r.items() if isinstance(k, str)} for r in records], []


def read(
    data: bytes, *, filename: str = "", round_code: str = "", counties: set[str] | None = None
) -> Parsed:
    """Read a barometer file. ``round_code``: the round, where the file does not say (the shipped
    CSV); a file that says must agree. ``counties``: the county codes that exist (default: the
    regions in the database)."""
    parsed = Parsed()
    records, parsed.errors = _records(data, filename)
    if parsed.errors:
        return parsed
    if not records:
        parsed.errors.append(_("The file has no rows."))
        return parsed
    missing = [c for c in ("yrke", "rekryteringssituation") if c not in records[0]]
    if missing:
        parsed.errors.append(_("Columns missing: %(columns)s.") % {"columns": ", ".join(missing)})
        return parsed
    if counties is None:
        counties = set(django_apps.get_model("actors", "Region").objects.values_list("code", flat=True))
    rounds = {_text(r.get("omgang")) for r in records} - {""}
    if round_code and rounds - {round_code}:
        parsed.errors.append(
            _("The file is round %(file)s, not %(given)s.")
            % {"file": ", ".join(sorted(rounds)), "given": round_code}
        )
    elif len(rounds) > 1:
        parsed.errors.append(_("The file holds several rounds (%(rounds)s): load one at a time.") % {
            "rounds": ", ".join(sorted(rounds))
        })  # fmt: skip
    parsed.round = round_code or next(iter(rounds), "")
    if not parsed.round:
        parsed.errors.append(_("The file does not say its round: give it (for example 2026-1)."))
    elif not ROUND.match(parsed.round):
        parsed.errors.append(
            _("“%(round)s” is not a round (year-number, for example 2026-1).") % {"round": parsed.round}
        )
    by_key: dict[tuple[str, str], Row] = {}
    problems: list[str] = []
    skipped = 0
    for number, record in enumerate(records, start=2 if not filename.lower().endswith(".json") else 1):
        name = _text(record.get("yrke"))
        county = _text(record.get("lan")) or NATIONAL
        situation_word = _text(record.get("rekryteringssituation")).lower()
        where = _("row %(n)s") % {"n": number}
        if not name:
            problems.append(_("%(where)s: no occupation.") % {"where": where})
            continue
        too_long = [
            column
            for column, value, limit in (
                ("yrke", name, 200),
                ("yrkesomrade", _text(record.get("yrkesomrade")), 200),
                ("yb_concept_id", _text(record.get("concept_id")), 40),
            )
            if len(value) > limit
        ]
        if too_long:
            problems.append(
                _("%(where)s: too long: %(columns)s.") % {"where": where, "columns": ", ".join(too_long)}
            )
            continue
        if county != NATIONAL and county not in counties:
            problems.append(_("%(where)s (%(name)s): “%(county)s” is no county code.") % {
                "where": where, "name": name, "county": county
            })  # fmt: skip
            continue
        if not situation_word:
            skipped += 1  # the official file has rows with no assessment for a county
            continue
        situation = SITUATIONS.get(situation_word)
        prospects = PROSPECTS.get(_text(record.get("jobbmojligheter")).lower(), "")
        forecast = FORECASTS.get(_text(record.get("prognos")).lower(), "")
        if situation is None:
            problems.append(_("%(where)s (%(name)s): unknown recruitment situation “%(value)s”.") % {
                "where": where, "name": name, "value": situation_word
            })  # fmt: skip
            continue
        for column, value, result in (
            ("jobbmojligheter", record.get("jobbmojligheter"), prospects),
            ("prognos", record.get("prognos"), forecast),
        ):
            if _text(value) and not result:
                problems.append(_("%(where)s (%(name)s): unknown %(column)s “%(value)s”.") % {
                    "where": where, "name": name, "column": column, "value": _text(value)
                })  # fmt: skip
        paradox = record.get("paradox")
        if paradox and paradox not in ("0", "false", "nej", "False") and situation == Situation.SHORTAGE:
            situation = Situation.PARADOX
        text = _text(record.get("text")) or " ".join(
            t
            for t in (
                _text(record.get("text_rekryteringssituation")),
                _text(record.get("text_jobbmojligheter")),
            )
            if t
        )
        row = by_key.get((name, county))
        if row is None:
            row = by_key[name, county] = Row(name, county, situation, prospects, forecast, text)
        row.occupational_field = row.occupational_field or _text(record.get("yrkesomrade"))
        row.concept_id = row.concept_id or _text(record.get("concept_id"))
        row.codes |= set(SSYK4.findall(_text(record.get("ssyk_codes"))))
    if problems:
        parsed.errors.extend(problems[:MAX_ERRORS])
        if len(problems) > MAX_ERRORS:
            parsed.errors.append(_("… and %(n)s more.") % {"n": len(problems) - MAX_ERRORS})
    if skipped:
        parsed.warnings.append(
            ngettext(
                "%(n)s row has no recruitment situation and is left out.",
                "%(n)s rows have no recruitment situation and are left out.",
                skipped,
            )
            % {"n": skipped}
        )
    parsed.rows = list(by_key.values())
    if not parsed.rows and not parsed.errors:
        parsed.errors.append(_("The file has no assessments."))
    return parsed


def _models(registry):
    get = registry.get_model
    return (
        get("competence", "BarometerRound"),
        get("competence", "BarometerOccupation"),
        get("competence", "Assessment"),
        get("competence", "Occupation"),
    )


def preview(parsed: Parsed, *, registry=django_apps) -> Preview:
    """What ``load`` would do with ``parsed`` (which must be ``ok``): a handful of queries."""
    Round, BarometerOccupation, Assessment, Occupation = _models(registry)
    existing = Round.objects.filter(code=parsed.round).first()
    known = set(BarometerOccupation.objects.values_list("name", flat=True))
    codes = {c for row in parsed.rows for c in row.codes}
    level4 = set(Occupation.objects.filter(code__in=codes, level=4).values_list("code", flat=True))
    previous = Round.objects.filter(code__lt=parsed.round).order_by("-code").first()
    moved = []
    if previous is not None:
        before = {
            (name, county): situation
            for name, county, situation in Assessment.objects.filter(round=previous).values_list(
                "occupation__name", "county", "situation"
            )
        }
        labels = dict(Situation.choices)
        for row in parsed.rows:
            was = before.get((row.occupation, row.county))
            if was and was != row.situation:
                moved.append((row.occupation, row.county, str(labels[was]), str(labels[row.situation])))
    moved.sort()
    unknown = sorted(codes - level4)
    warnings = list(parsed.warnings)
    if unknown:
        warnings.append(
            _("SSYK codes that are no SSYK 2012 unit group, left out of the links: %(codes)s.")
            % {"codes": ", ".join(unknown)}
        )
    uncoded = sorted({row.occupation for row in parsed.rows if not row.codes & level4})
    if uncoded:
        warnings.append(
            _("Occupations with no SSYK unit group (shown, but matched to no gap): %(names)s.")
            % {"names": "; ".join(uncoded)}
        )
    return Preview(
        round=parsed.round,
        new_round=existing is None,
        assessments=len(parsed.rows),
        replaced=Assessment.objects.filter(round=existing).count() if existing else 0,
        counties=sorted({row.county for row in parsed.rows}),
        occupations=len({row.occupation for row in parsed.rows}),
        new_occupations=sorted({row.occupation for row in parsed.rows} - known),
        previous_round=previous.code if previous else "",
        moved=moved,
        unknown_codes=unknown,
        warnings=warnings,
    )


@transaction.atomic
def load(parsed: Parsed, *, user=None, published=None, source: str = SOURCE, registry=django_apps):
    """Load ``parsed`` (which must be ``ok``) as its round, replacing that round's assessments if it
    was loaded before; all or nothing. Each occupation's SSYK links become those of this file where
    it gives any. Returns the round."""
    if not parsed.ok:
        raise ValueError("load() needs a file read without errors")
    Round, BarometerOccupation, Assessment, Occupation = _models(registry)
    round_, _created = Round.objects.update_or_create(
        code=parsed.round,
        defaults={
            "source": source,
            "published": published,
            "loaded_by": user,
            "counties": len({row.county for row in parsed.rows} - {NATIONAL}),
        },
    )
    Assessment.objects.filter(round=round_).delete()
    names = {row.occupation for row in parsed.rows}
    occupations = {o.name: o for o in BarometerOccupation.objects.filter(name__in=names)}
    details: dict[str, Row] = {}
    codes: dict[str, set[str]] = defaultdict(set)
    for row in parsed.rows:
        details.setdefault(row.occupation, row)
        codes[row.occupation] |= row.codes
    new = [
        BarometerOccupation(
            name=name, field=details[name].occupational_field, concept_id=details[name].concept_id
        )
        for name in sorted(names - occupations.keys())
    ]
    for occupation in BarometerOccupation.objects.bulk_create(new):
        occupations[occupation.name] = occupation
    for name, occupation in occupations.items():
        if details[name].occupational_field and (occupation.field, occupation.concept_id) != (
            details[name].occupational_field,
            details[name].concept_id or occupation.concept_id,
        ):
            occupation.field = details[name].occupational_field
            occupation.concept_id = details[name].concept_id or occupation.concept_id
            occupation.save(update_fields=["field", "concept_id"])
    level4 = dict(
        Occupation.objects.filter(code__in={c for s in codes.values() for c in s}, level=4).values_list(
            "code", "pk"
        )
    )
    Link = BarometerOccupation.occupations.through
    with_codes = [occupations[name].pk for name, found in codes.items() if found & level4.keys()]
    Link.objects.filter(barometeroccupation_id__in=with_codes).delete()
    Link.objects.bulk_create(
        Link(barometeroccupation_id=occupations[name].pk, occupation_id=level4[code])
        for name, found in codes.items()
        for code in sorted(found & level4.keys())
    )
    Assessment.objects.bulk_create(
        Assessment(
            round=round_,
            occupation=occupations[row.occupation],
            county=row.county,
            situation=row.situation,
            prospects=row.prospects,
            forecast=row.forecast,
            text=row.text,
        )
        for row in parsed.rows
    )
    return round_


SHIPPED = Path(__file__).resolve().parents[1] / "data" / "yrkesbarometer_2026-1_riket.csv"


def load_shipped(*, registry=django_apps):
    """Round 2026-1, the whole country, as shipped (competence/data/SOURCES.md): loaded by the
    migration competence/0004_barometer, and again wherever a test has emptied the tables."""
    parsed = read(SHIPPED.read_bytes(), filename=SHIPPED.name, round_code="2026-1", counties=set())
    if not parsed.ok:  # the shipped file is checked by the tests; never load half of it
        raise RuntimeError("; ".join(parsed.errors))
    return load(parsed, registry=registry)
