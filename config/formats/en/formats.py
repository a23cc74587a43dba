"""English formats, in the same shape as the Swedish ones (day before month, 24-hour clock).

See config/formats/sv/formats.py and docs/SPRAKGUIDE.md.
"""

# Long date: "3 December 2026"; with time: "3 December 2026 17:42".
DATE_FORMAT = "j F Y"
DATETIME_FORMAT = "j F Y H:i"
TIME_FORMAT = "H:i"
YEAR_MONTH_FORMAT = "F Y"
MONTH_DAY_FORMAT = "j F"
# ISO, for exports and machine-readable attributes only.
SHORT_DATE_FORMAT = "Y-m-d"
SHORT_DATETIME_FORMAT = "Y-m-d H:i"
FIRST_DAY_OF_WEEK = 1

# "1,867", "12.5".
DECIMAL_SEPARATOR = "."
THOUSAND_SEPARATOR = ","
NUMBER_GROUPING = 3

# Short month names for lists: "3 Dec", "3 Dec 2025".
MONTHS_SHORT = ("Jan", "Feb", "Mar", "Apr", "May", "Jun", "Jul", "Aug", "Sep", "Oct", "Nov", "Dec")

# "60%".
PERCENT_SIGN = "%"
