"""The registry's CSV import (``actors:import``, actors/services.py) with generated files: organisations
and people, in UTF-8 with and without BOM and in other encodings, separated by commas, semicolons,
tabs or worse, with columns missing, doubled, renamed or extra, quotes unbalanced, line endings
mixed, fields huge, NUL bytes, formula starts (=, +, -, @), invalid organisation numbers, phone
numbers, e-mail addresses, codes and types, and files over the size and row limits.

No server error, and all or nothing: a file that is refused leaves the registry as it was, and one
that is accepted imports every row it has (the import's own reading of the file says how many).
"""

from __future__ import annotations

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse
from hypothesis import given
from hypothesis import strategies as st

from actors.models import Organisation, Person
from actors.services import ORGANISATION_COLUMNS, PERSON_COLUMNS, _read_rows

from .engine import COUNTER, Sender, fuzz
from .values import CHARS, FORMULAS, HOSTILE

pytestmark = pytest.mark.django_db

EXAMPLES = {"organisations": 650, "people": 550}
REQUIRED = {"organisations": ["name", "type", "level"], "people": ["name", "organisation"]}
URL = reverse("actors:import")

HUGE = ["x" * 140_000, "å" * 70_000]  # over the csv module's field limit (131,072 characters)
CELLS = {
    "name": ["Fuzz AB", "Skellefteå kommun", "Anna Andersson", "", "  "],
    "type": ["kommun", "FORETAG", "Företag", "arbetsformedlingen", "region", "okänd", ""],
    "level": ["lokal", "Internationell", "nationell", "regional", "global", ""],
    "region_code": ["24", "4", "024", "99", "abc", "²", ""],
    "municipality_code": ["2482", "482", "Skellefteå", "skellefteå", "9999", "²", ""],
    "org_number": [
        "556016-0680",
        "5560160680",
        "212000-0142",
        "556016-0681",
        "55601606800",
        "16556016-0680",
        "abc",
        "²",
        "",
    ],
    "website": ["https://example.se", "example.se", "javascript:alert(1)", "http://", ""],
    "notes": ["Fabrik, cellproduktion", "rad\nbrytning", ""],
    "title": ["Handläggare", ""],
    "organisation": ["Medlemmen", "556016-0680", "Finns inte AB", "medlemmen", ""],
    "email": ["anna@example.se", "no-at-sign", "", "a@b"],
    "phone": [
        "070-123 45 67",
        "+46701234567",
        "+1 202 555 0100",
        "0",
        "123",
        "abc",
        "+46 70 123 45 67 89 00",
        "²",
        "",
    ],
}
ENCODINGS = ["utf-8", "utf-8", "utf-8", "utf-8-sig", "utf-16", "latin-1", "cp1252"]


def cell(column: str) -> st.SearchStrategy[str]:
    return st.one_of(
        st.sampled_from(CELLS.get(column, ["Fuzz"])),
        st.sampled_from(CELLS.get(column, ["Fuzz"])),
        st.sampled_from(HOSTILE),
        st.sampled_from(FORMULAS),
        st.text(CHARS, max_size=30),
        st.sampled_from(HUGE) if column == "notes" else st.sampled_from(["x" * 300, "y" * 2001]),
    )


@st.composite
def csv_file(draw, kind: str) -> bytes:
    """A CSV file of ``kind`` (see the module)."""
    columns = ORGANISATION_COLUMNS if kind == "organisations" else PERSON_COLUMNS
    header = list(columns)
    how = draw(
        st.sampled_from(["as is", "as is", "shuffled", "missing", "extra", "renamed", "doubled", "none"])
    )
    if how == "shuffled":
        header = draw(st.permutations(header))
    elif how == "missing":
        header.remove(draw(st.sampled_from(header)))
    elif how == "extra":
        header.insert(
            draw(st.integers(0, len(header))), draw(st.sampled_from(["extra", "", "NAME", " type ", "id"]))
        )
    elif how == "renamed":
        at = draw(st.integers(0, len(header) - 1))
        header[at] = draw(
            st.sampled_from([header[at].upper(), f" {header[at]} ", header[at] + "x", "=" + header[at]])
        )
    elif how == "doubled":
        header.append(draw(st.sampled_from(header)))
    rows = []
    for _ in range(draw(st.integers(0, 6))):
        row = [draw(cell(c.strip().lower())) for c in header]
        if draw(st.integers(0, 5)) == 0:  # a row too short or too long
            row = row[: draw(st.integers(0, len(row)))] + draw(
                st.lists(st.text(CHARS, max_size=5), max_size=2)
            )
        rows.append(row)
    delimiter = draw(st.sampled_from([",", ",", ";", ";", "\t", "|", " "]))
    newline = draw(st.sampled_from(["\n", "\r\n", "\r"]))
    quote_all = draw(st.booleans())

    def line(values):
        if quote_all:
            return delimiter.join('"' + v.replace('"', '""') + '"' for v in values)
        return delimiter.join(values)  # unquoted: delimiters and quotes in values break the row

    lines = ([] if how == "none" else [line(header)]) + [line(r) for r in rows]
    text = newline.join(lines) + draw(st.sampled_from(["", newline, newline * 3]))
    data = text.encode(draw(st.sampled_from(ENCODINGS)), errors="replace")
    tail = draw(st.sampled_from([b"", b"", b"", b"\x00", b"\xff\xfe", b"\xc3\x28", b'"unclosed']))
    size = draw(st.sampled_from([None] * 12 + ["big", "many"]))
    if size == "big":  # over 2 MB
        data += (b"\n" + b"y" * 1000) * 2100
    elif size == "many":  # over 5,000 rows
        data += b"".join(f"\nRad {i},kommun,lokal".encode() for i in range(5002))
    return data + tail


def rows_in(kind: str, data: bytes) -> int:
    """How many rows the import itself reads from the file (0: it refuses the file)."""
    try:
        return len(_read_rows(data, REQUIRED[kind]))
    except Exception:  # noqa: BLE001 - a file the import refuses
        return 0


@pytest.mark.parametrize("kind", ["organisations", "people"])
def test_generated_files(client, world, kind):
    client.force_login(world["coordinator"])
    sender = Sender(client, f"import:{kind}")
    model = Organisation if kind == "organisations" else Person

    def accepted_every_row(data: bytes):
        def check(response) -> bool:
            if response.status_code != 302:
                return False
            imported = model.objects.count() - before
            expected = rows_in(kind, data)
            assert imported == expected, (
                kind,
                "imported",
                imported,
                "of",
                expected,
                "rows: a partial import",
            )
            return True

        return check

    before = model.objects.count()
    good = {
        "organisations": "name,type,level,municipality_code,org_number\n"
        "Fuzz AB,foretag,internationell,2482,556016-0680\n",
        "people": "name,title,organisation,email,phone\n"
        "Anna Fuzz,Handläggare,Medlemmen,anna@example.se,070-123 45 67\n",
    }[kind].encode()
    sender.send("post", URL, {"kind": kind, "file": upload(good)}, accepted=accepted_every_row(good))
    assert sender.accepted == 1  # the control: a good file is imported

    @fuzz(EXAMPLES[kind], f"import:{kind}")
    @given(
        data=csv_file(kind),
        declared=st.sampled_from(
            [kind] * 8 + ["people" if kind == "organisations" else "organisations", "", "x"]
        ),
    )
    def run(data, declared):
        COUNTER.inputs += 1
        sender.send(
            "post",
            URL,
            {"kind": declared, "file": upload(data)},
            accepted=accepted_every_row(data) if declared == kind else None,
        )

    run()


def upload(data: bytes) -> SimpleUploadedFile:
    return SimpleUploadedFile("register.csv", data, content_type="text/csv")
