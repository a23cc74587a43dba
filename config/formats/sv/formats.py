"""Swedish formats (docs/SPRAKGUIDE.md, "Datum och tid", "Siffror").

Django reads the *_FORMAT names through ``FORMAT_MODULE_PATH``; anything not set here falls back to
Django's own Swedish formats (the input formats, for example). ``MONTHS_SHORT`` is ours: Django's
Swedish "M" gives "Dec", so the short dates of ``config.formats.day`` use this list instead.
"""

# Long date, in running text and on detail pages: "3 december 2026".
DATE_FORMAT = "j F Y"
# Long date with time: "3 december 2026 17:42".
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# ISO, for exports and machine-readable attributes only: "2026-12-03", "2026-12-03 17:42".
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1

# "1 867", "12,5": a non-breaking space between thousands, a decimal comma.
DECIMAL_SEPARATOR = ","
THOUSAND_SEPARATOR = "\xa0"
NUMBER_GROUPING = 3

# Short month names for lists (Svenska skrivregler): "3 dec.", "20 maj", "1 sept. 2025".
MONTHS_SHORT = (
    "jan.",
    "febr.",
    "mars",
    "apr.",
    "maj",
    "juni",
    "juli",
    "aug.",
    "sept.",
    "okt.",
    "nov.",
    "dec.",
)

# "60 %": a non-breaking space before the per cent sign.
PERCENT_SIGN = "\xa0%"
