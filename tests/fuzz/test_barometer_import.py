"""Loading a round of the Yrkesbarometer (competence/barometer/importer.py) with generated files:
JSON rows with values of every type where text is expected, envelopes, missing and unknown fields,
CSV with broken quoting, huge fields and NUL bytes, and bytes that are no text at all.

Reading never raises: it answers with the file's problems or with rows. All or nothing: a file
read with problems is refused by ``load`` and leaves the tables as they were; one read without
problems loads exactly one assessment per occupation and area it holds.
"""

from __future__ import annotations

import json

import pytest
from hypothesis import HealthCheck, event, given, settings
from hypothesis import strategies as st

from competence.barometer import importer
from competence.models import Assessment, BarometerOccupation, BarometerRound

pytestmark = pytest.mark.django_db

TEXTS = st.sampled_from(["brist", "Balans", "överskott", "paradox", "", " ", "kaos", "stora", "små", "öka"])
ODD = st.one_of(
    st.none(),
    st.booleans(),
    st.integers(-10, 10**6),
    st.floats(allow_nan=True),
    st.lists(st.text(max_size=5), max_size=3),
    st.dictionaries(st.text(max_size=3), st.integers(), max_size=2),
    st.text(max_size=40),
    st.just("x" * 140_000),
    st.just("\x00"),
)
FIELDS = {
    "yb_yrke": st.one_of(st.sampled_from(["Controllrar", "Elektriker", "Yrke X", ""]), ODD),
    "ssyk": st.one_of(st.sampled_from(["2412", "7411, 7233", "0000", "24120", ""]), ODD),
    "lan": st.one_of(st.sampled_from(["00", "24", "21", "99", "4", ""]), ODD),
    "rekryteringssituation": st.one_of(TEXTS, ODD),
    "jobbmojligheter": st.one_of(TEXTS, ODD),
    "prognos": st.one_of(st.sampled_from(["öka", "vara oförändrad", "minska", "upp"]), ODD),
    "paradox": ODD,
    "omgang": st.one_of(st.sampled_from(["2026-2", "2026-2", "2026-1", "våren", ""]), ODD),
    "text_rekryteringssituation": st.one_of(st.text(max_size=60), ODD),
}
ROWS = st.lists(st.fixed_dictionaries({}, optional=FIELDS), max_size=12)
# Files a loader should take: well-formed rows, now and then an optional field odd or left out.
GOOD = {
    "yb_yrke": st.sampled_from(["Controllrar", "Elektriker", "Yrke X", "Å" * 200]),
    "ssyk": st.sampled_from(["2412", "7411, 7233", "0000", "", "24120"]),
    "lan": st.sampled_from(["00", "24", "21"]),
    "rekryteringssituation": st.sampled_from(["brist", "Balans", "överskott", "paradox"]),
    "omgang": st.just("2026-2"),
}
OPTIONAL = {
    "jobbmojligheter": st.sampled_from(["stora", "medelstora", "små", "", None]),
    "prognos": st.sampled_from(["öka", "vara oförändrad", "minska", None]),
    "paradox": st.one_of(st.none(), st.lists(st.text(max_size=5), max_size=2), st.sampled_from(["0", "ja"])),
    "text_rekryteringssituation": st.one_of(st.none(), st.text(max_size=80)),
    "yrkesomrade": st.one_of(st.none(), st.text(max_size=30)),
}
GOOD_ROWS = st.lists(st.fixed_dictionaries(GOOD, optional=OPTIONAL), min_size=1, max_size=12)
JSON_FILES = st.one_of(
    GOOD_ROWS.map(lambda rows: json.dumps(rows)),
    GOOD_ROWS.map(lambda rows: json.dumps(rows, ensure_ascii=False)),
    ROWS.map(lambda rows: json.dumps(rows)),
    ROWS.map(lambda rows: json.dumps({"traffar": rows, "omgang": "2026-2"})),
    st.one_of(st.integers(), st.text(max_size=20), st.lists(st.integers(), max_size=3)).map(json.dumps),
).map(str.encode)
CSV_FILES = st.lists(
    st.lists(
        st.one_of(TEXTS, st.text(max_size=20), st.just('"'), st.just("x" * 140_000)), min_size=1, max_size=8
    ),
    max_size=6,
).map(
    lambda lines: (
        "yrke,yrkesomrade,ssyk_text,ssyk_codes,rekryteringssituation,jobbmojligheter,prognos,text\n"
        + "\n".join(",".join(cells) for cells in lines)
    ).encode()
)
FILES = st.one_of(
    JSON_FILES.map(lambda b: (b, "round.json")),
    CSV_FILES.map(lambda b: (b, "round.csv")),
    st.binary(max_size=200).map(lambda b: (b, "round.json")),
)


def tables():
    return BarometerRound.objects.count(), BarometerOccupation.objects.count(), Assessment.objects.count()


@settings(max_examples=300, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(file=FILES, round_code=st.sampled_from(["", "2026-2"]))
def test_a_generated_file_is_refused_whole_or_loaded_whole(file, round_code):
    data, name = file
    before = tables()
    parsed = importer.read(data, filename=name, round_code=round_code)
    event("refused" if not parsed.ok else "loaded")
    if not parsed.ok:
        assert parsed.errors or not parsed.rows
        with pytest.raises(ValueError):
            importer.load(parsed)
        assert tables() == before
        return
    importer.preview(parsed)
    round_ = importer.load(parsed)
    keys = {(row.occupation, row.county) for row in parsed.rows}
    assert Assessment.objects.filter(round=round_).count() == len(keys) == len(parsed.rows)
    Assessment.objects.filter(round=round_).delete()
    if round_.code != "2026-1":
        round_.delete()
