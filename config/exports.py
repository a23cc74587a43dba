"""Files for spreadsheets (CSV and XLSX): every cell that leaves the system goes through
``safe_cell``, so that text someone typed (an alarm answer's reason, a case's sector, an
organisation's name) is never run as a formula when the file is opened ("CSV injection", OWASP).

The rule, after the OWASP guidance on CSV injection: a text cell that begins with ``=``, ``+``,
``-``, ``@``, a tab or a carriage return, or that begins with one of the four formula characters
after leading whitespace (some programs trim it on import), is prefixed with a single quote ``'``.
The full-width forms of the four (＝ ＋ － ＠), which some spreadsheet programs read as the ASCII
ones, count too. Numbers, dates, times, booleans and ``None`` are left as they are: a number is
never a formula, and a negative number stays a number.

CSV: ``csv_response`` gives the response and a writer whose rows go through ``safe_cell``
(UTF-8 with a BOM so that Excel reads åäö, semicolons as Excel expects in Sweden).
XLSX (openpyxl): ``append_row(sheet, values)`` instead of ``sheet.append(values)``; openpyxl
itself would store a text starting with ``=`` as a live formula.

A helper that names no app (config's lowest layer).
"""

from __future__ import annotations

import csv
from collections.abc import Iterable
from datetime import date, datetime, time, timedelta
from decimal import Decimal
from typing import Any

from django.http import HttpResponse

# A cell starting with one of these is read as a formula (or, tab and CR, may be trimmed on import
# so that what follows is).
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r", "\uff1d", "\uff0b", "\uff0d", "\uff20")
# ... and with one of these after leading whitespace.
FORMULA_CHARS = ("=", "+", "-", "@", "\uff1d", "\uff0b", "\uff0d", "\uff20")
QUOTE = "'"

# Values that are never text, and so never a formula: left as they are.
_NOT_TEXT = (bool, int, float, Decimal, date, datetime, time, timedelta)


def safe_cell(value: Any) -> Any:
    """``value`` as a spreadsheet cell that is never run as a formula: text that could start one is
    prefixed with ``'``; numbers, dates, times, booleans and ``None`` are returned unchanged; any
    other object (a model instance, a lazy translation) becomes its text first."""
    if value is None or isinstance(value, _NOT_TEXT):
        return value
    text = str(value)
    if text.startswith(FORMULA_STARTS) or text.lstrip().startswith(FORMULA_CHARS):
        return QUOTE + text
    return text


def safe_row(values: Iterable[Any]) -> list[Any]:
    """Every cell of a row through ``safe_cell``."""
    return [safe_cell(v) for v in values]


class SafeWriter:
    """A ``csv.writer`` whose every cell goes through ``safe_cell``."""

    def __init__(self, file, **fmtparams):
        self._writer = csv.writer(file, **fmtparams)

    def writerow(self, row: Iterable[Any]):
        return self._writer.writerow(safe_row(row))

    def writerows(self, rows: Iterable[Iterable[Any]]):
        for row in rows:
            self.writerow(row)


def csv_response(filename: str, *, delimiter: str = ";") -> tuple[HttpResponse, SafeWriter]:
    """A CSV download for Excel (UTF-8 with a BOM, ``delimiter`` between cells) and its safe writer."""
    response = HttpResponse(content_type="text/csv; charset=utf-8")
    response["Content-Disposition"] = f'attachment; filename="{filename}"'
    response.write("\ufeff")
    return response, SafeWriter(response, delimiter=delimiter)


def append_row(sheet, values: Iterable[Any]) -> None:
    """``sheet.append(values)`` for an openpyxl worksheet, every cell through ``safe_cell``."""
    sheet.append(safe_row(values))
