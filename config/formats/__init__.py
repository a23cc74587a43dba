"""Dates and numbers as Samhandla shows them: one set of helpers for pages, e-mails and charts.

The rules are in docs/SPRAKGUIDE.md ("Datum och tid", "Siffror"). The language's own details
(month names, separators) come from ``config.formats.<language>.formats``, which Django also reads
through ``FORMAT_MODULE_PATH``. Templates use the filters of the ``samhandla`` library
(``{{ signal.received_at|daytime }}``, ``{{ case.target_jobs|num }}``); Python code calls these.

- ``day``: short date for lists and tables, "3 dec." this year, "3 dec. 2025" another year.
- ``daytime``: short date and time, "3 dec. 17:42".
- ``longdate`` / ``longdatetime``: running text and detail pages, "3 december 2026 (17:42)".
- ``isodate`` / ``isodatetime``: exports and machine-readable attributes only, "2026-12-03".
- ``num``: "1 867", "12,5"; ``pct``: "60 %". Nothing to show gives "–".
"""

import datetime
from decimal import ROUND_HALF_UP, Decimal, InvalidOperation

from django.utils import dateformat, formats, timezone
from django.utils.translation import get_language

EMPTY = "–"
NBSP = "\xa0"


def _empty(value) -> bool:
    return value is None or value == ""


def _local(value):
    """An aware datetime in the current time zone; a naive datetime or a date as it is."""
    if isinstance(value, datetime.datetime) and timezone.is_aware(value):
        return timezone.localtime(value)
    return value


def _date_of(value) -> datetime.date:
    value = _local(value)
    return value.date() if isinstance(value, datetime.datetime) else value


def _own_format(name: str):
    """A name only our format modules set (``MONTHS_SHORT``, ``PERCENT_SIGN``), or None."""
    for module in formats.get_format_modules(lang=get_language()):
        value = getattr(module, name, None)
        if value:
            return value
    return None


def _round(d: Decimal, places: int) -> Decimal:
    """Rounded half up, as people round: 2,25 -> 2,3."""
    return d.quantize(Decimal(1).scaleb(-places), rounding=ROUND_HALF_UP)


def day(value, *, today: datetime.date | None = None) -> str:
    """Short date: "3 dec." within the current year, "3 dec. 2025" otherwise."""
    if _empty(value):
        return EMPTY
    d = _date_of(value)
    months = _own_format("MONTHS_SHORT")
    month = months[d.month - 1] if months else dateformat.format(d, "M")
    text = f"{d.day}{NBSP}{month}"
    if d.year != (today or timezone.localdate()).year:
        text += f" {d.year}"
    return text


def daytime(value, *, today: datetime.date | None = None) -> str:
    """Short date and time: "3 dec. 17:42" (a date without a time gives the short date)."""
    if _empty(value):
        return EMPTY
    if not isinstance(value, datetime.datetime):
        return day(value, today=today)
    return f"{day(value, today=today)} {clock(value)}"


def clock(value) -> str:
    """The time of day, 24-hour: "17:42"."""
    if _empty(value):
        return EMPTY
    return dateformat.format(_local(value), "H:i")


def longdate(value) -> str:
    """Long date: "3 december 2026" (a datetime gives its local date)."""
    if _empty(value):
        return EMPTY
    return formats.date_format(_date_of(value), "DATE_FORMAT")


def longdatetime(value) -> str:
    """Long date and time: "3 december 2026 17:42"."""
    if _empty(value):
        return EMPTY
    if not isinstance(value, datetime.datetime):
        return longdate(value)
    return formats.date_format(_local(value), "DATETIME_FORMAT")


def isodate(value) -> str:
    """ISO date, for exports and ``<time datetime>``: "2026-12-03"."""
    if _empty(value):
        return ""
    return _date_of(value).isoformat()


def isodatetime(value) -> str:
    """ISO date and local time to the minute, for exports: "2026-12-03 17:42"."""
    if _empty(value):
        return ""
    if not isinstance(value, datetime.datetime):
        return isodate(value)
    return dateformat.format(_local(value), "Y-m-d H:i")


def _decimal(value) -> Decimal | None:
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    if isinstance(value, float):
        return Decimal(repr(value))
    try:
        return Decimal(str(value).strip().replace("\xa0", "").replace(" ", "").replace(",", "."))
    except (InvalidOperation, ValueError):
        return None


def num(value, decimals: int | None = None) -> str:
    """A number in the current language: "1 867", "12,5" in Swedish; "1,867", "12.5" in English.

    ``decimals`` None: whole numbers as they are, others with at most two decimals (no trailing
    zeros). ``decimals`` n >= 0: exactly n decimals. ``decimals`` -n: n decimals only when the
    number is not whole (like ``floatformat:-n``). None or "" gives "–"; what is not a number is
    returned as it is.
    """
    if _empty(value):
        return EMPTY
    d = _decimal(value)
    if d is None or not d.is_finite():
        return str(value)
    if decimals is None:
        d = _round(d, 2).normalize()
        places = max(0, -d.as_tuple().exponent)
    elif decimals < 0:
        d = _round(d, -decimals)
        places = 0 if d == d.to_integral_value() else -decimals
    else:
        d = _round(d, decimals)
        places = decimals
    if places == 0:
        d = d.to_integral_value()
        if d == 0:
            d = abs(d)  # no "-0"
    return formats.number_format(d, decimal_pos=places, use_l10n=True, force_grouping=True)


def pct(value, decimals: int | None = None) -> str:
    """A percentage: "60 %" in Swedish (a non-breaking space before the sign), "60%" in English."""
    text = num(value, decimals)
    if text == EMPTY or _decimal(value) is None:
        return text
    return text + (_own_format("PERCENT_SIGN") or "%")
