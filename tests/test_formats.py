"""Dates and numbers, one way (docs/SPRAKGUIDE.md): config.formats and the samhandla filters."""

import datetime
from decimal import Decimal
from zoneinfo import ZoneInfo

import pytest
from django.template import Context, Template
from django.utils import formats as django_formats
from django.utils import timezone, translation

from config import formats

NBSP = "\xa0"
STOCKHOLM = ZoneInfo("Europe/Stockholm")
THIS_YEAR = datetime.date(2026, 6, 1)
# 16:42 UTC is 17:42 in Stockholm in December.
EVENING = datetime.datetime(2026, 12, 2, 16, 42, tzinfo=datetime.UTC)


def render(source: str, **context) -> str:
    return Template("{% load samhandla %}" + source).render(Context(context))


@pytest.mark.parametrize(
    ("language", "expected"),
    [
        ("sv", ["3\xa0dec.", "20\xa0maj", "1\xa0sept.", "14\xa0febr.", "7\xa0mars", "3\xa0dec. 2025"]),
        ("en", ["3\xa0Dec", "20\xa0May", "1\xa0Sep", "14\xa0Feb", "7\xa0Mar", "3\xa0Dec 2025"]),
    ],
)
def test_short_dates_drop_the_year_within_the_current_year(language, expected):
    dates = [
        datetime.date(2026, 12, 3),
        datetime.date(2026, 5, 20),
        datetime.date(2026, 9, 1),
        datetime.date(2026, 2, 14),
        datetime.date(2026, 3, 7),
        datetime.date(2025, 12, 3),
    ]
    with translation.override(language):
        assert [formats.day(d, today=THIS_YEAR) for d in dates] == expected


def test_swedish_short_months_are_lower_case_and_not_djangos_capitalised_ones():
    with translation.override("sv"):
        assert django_formats.date_format(datetime.date(2026, 12, 3), "j M") == "3 Dec"  # why we have our own
        assert formats.day(datetime.date(2026, 12, 3), today=THIS_YEAR) == "3\xa0dec."


@pytest.mark.parametrize(
    ("language", "short", "long", "long_time"),
    [
        ("sv", "2\xa0dec. 17:42", "2 december 2026", "2 december 2026 17:42"),
        ("en", "2\xa0Dec 17:42", "2 December 2026", "2 December 2026 17:42"),
    ],
)
def test_datetimes_are_shown_in_local_time(language, short, long, long_time):
    with translation.override(language), timezone.override(STOCKHOLM):
        assert formats.daytime(EVENING, today=THIS_YEAR) == short
        assert formats.longdate(EVENING) == long
        assert formats.longdatetime(EVENING) == long_time
        assert formats.clock(EVENING) == "17:42"
        assert formats.isodate(EVENING) == "2026-12-02"
        assert formats.isodatetime(EVENING) == "2026-12-02 17:42"


def test_late_evening_utc_is_the_next_day_in_stockholm():
    late = datetime.datetime(2026, 12, 31, 23, 30, tzinfo=datetime.UTC)  # 00:30 on 1 January
    with translation.override("sv"), timezone.override(STOCKHOLM):
        assert formats.longdate(late) == "1 januari 2027"
        assert formats.isodate(late) == "2027-01-01"


def test_named_django_formats_follow_the_guide():
    d = datetime.date(2026, 12, 3)
    with translation.override("sv"):
        assert django_formats.date_format(d) == "3 december 2026"
        assert django_formats.date_format(d, "SHORT_DATE_FORMAT") == "2026-12-03"
        assert django_formats.number_format(1867, force_grouping=True) == "1\xa0867"
    with translation.override("en"):
        assert django_formats.date_format(d) == "3 December 2026"
        assert django_formats.date_format(d, "SHORT_DATE_FORMAT") == "2026-12-03"
        assert django_formats.number_format(1867, force_grouping=True) == "1,867"


@pytest.mark.parametrize(
    ("value", "decimals", "sv", "en"),
    [
        (1867, None, "1\xa0867", "1,867"),
        (1840, None, "1\xa0840", "1,840"),
        (1800, None, "1\xa0800", "1,800"),
        (999, None, "999", "999"),
        (3500000, None, "3\xa0500\xa0000", "3,500,000"),
        (12.5, None, "12,5", "12.5"),
        (Decimal("1234.50"), None, "1\xa0234,5", "1,234.5"),
        (Decimal("40.00"), None, "40", "40"),
        (2.25, -1, "2,3", "2.3"),
        (2, -1, "2", "2"),
        (3.14159, 1, "3,1", "3.1"),
        (4, 1, "4,0", "4.0"),
        (-1500, None, "-1\xa0500", "-1,500"),
        ("2482", None, "2\xa0482", "2,482"),
        (None, None, "–", "–"),
        ("", None, "–", "–"),
    ],
)
def test_numbers(value, decimals, sv, en):
    with translation.override("sv"):
        assert formats.num(value, decimals) == sv
    with translation.override("en"):
        assert formats.num(value, decimals) == en


def test_what_is_not_a_number_is_shown_as_it_is():
    assert formats.num("n/a") == "n/a"
    assert formats.num(True) == "True"


def test_percentages():
    with translation.override("sv"):
        assert formats.pct(60) == "60\xa0%"
        assert formats.pct(62.456, 1) == "62,5\xa0%"
        assert formats.pct(None) == "–"
    with translation.override("en"):
        assert formats.pct(60) == "60%"
        assert formats.pct(62.456, 1) == "62.5%"


def test_empty_dates():
    for helper in (formats.day, formats.daytime, formats.longdate, formats.longdatetime, formats.clock):
        assert helper(None) == "–"
    assert formats.isodate(None) == ""


def test_template_filters_in_swedish():
    today = timezone.localdate()
    this_year = datetime.date(today.year, 12, 3)
    with translation.override("sv"), timezone.override(STOCKHOLM):
        out = render(
            "{{ d|day }}|{{ old|day }}|{{ when|longdate }}|{{ when|longdatetime }}|{{ d|isodate }}"
            "|{{ n|num }}|{{ mw|num:1 }}|{{ none|num }}|{{ p|pct }}",
            d=this_year,
            old=datetime.date(today.year - 1, 5, 20),
            when=EVENING,
            n=1867,
            mw=12.5,
            none=None,
            p=60,
        )
    assert out.split("|") == [
        "3\xa0dec.",
        f"20\xa0maj {today.year - 1}",
        "2 december 2026",
        "2 december 2026 17:42",
        f"{today.year}-12-03",
        "1\xa0867",
        "12,5",
        "–",
        "60\xa0%",
    ]


def test_template_filters_in_english():
    with translation.override("en"), timezone.override(STOCKHOLM):
        out = render("{{ when|daytime }}|{{ n|num }}|{{ mw|num:1 }}", when=EVENING, n=1867, mw=12.5)
    expected_day = "2\xa0Dec" + ("" if timezone.localdate().year == 2026 else " 2026")
    assert out.split("|") == [f"{expected_day} 17:42", "1,867", "12.5"]


def test_the_filters_escape_what_they_are_given():
    assert render("{{ v|num }}", v="<b>") == "&lt;b&gt;"
