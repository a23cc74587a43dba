"""Loading Arbetsförmedlingen's Yrkesbarometer: the shipped round, a new round with county rows in
the official JSON's format, unknown SSYK codes, and malformed files (a clear message, nothing saved)."""

import io
import json

import pytest
from django.core.management import CommandError, call_command

from competence.barometer import importer
from competence.models import Assessment, BarometerOccupation, BarometerRound, Occupation

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def official(
    lan: str, yrke: str, ssyk: str, situation: str, *, omgang="2026-2", paradox=None, **extra
) -> dict:
    """A row as the official yrkesbarometer.json has it."""
    return {
        "yb_yrke": yrke,
        "yb_concept_id": f"id-{yrke[:4]}",
        "ssyk": ssyk,
        "ssyk_text": "",
        "yrkesomrade": "Industriell tillverkning",
        "lan": lan,
        "jobbmojligheter": extra.get("jobbmojligheter", "stora"),
        "rekryteringssituation": situation,
        "paradox": paradox or [],
        "prognos": extra.get("prognos", "öka"),
        "text_jobbmojligheter": "Möjligheterna till arbete bedöms vara stora.",
        "text_rekryteringssituation": f"Rekryteringssituationen kännetecknas av {situation}.",
        "hogsta_bedomningsniva": "regionalt",
        "delvis_helt": "helt",
        "omgang": omgang,
        "taxonomi_version": 22,
    }


def as_bytes(rows) -> bytes:
    return json.dumps(rows, ensure_ascii=False).encode()


def counts():
    return (BarometerRound.objects.count(), BarometerOccupation.objects.count(), Assessment.objects.count())


def test_the_shipped_round_is_loaded_with_its_ssyk_links():
    round_ = BarometerRound.objects.get(code="2026-1")
    national = Assessment.objects.filter(round=round_)
    assert national.count() == 205 and set(national.values_list("county", flat=True)) == {"00"}
    by_situation = {
        s: national.filter(situation=s).count() for s in ("balans", "brist", "overskott", "paradox")
    }
    assert by_situation == {"balans": 77, "brist": 57, "overskott": 41, "paradox": 30}
    food = BarometerOccupation.objects.get(name="Maskinoperatörer inom livsmedel")
    assert sorted(food.occupations.values_list("code", flat=True)) == ["8161", "8162", "8163"]
    # An SSYK group can be in several barometer occupations, and the other way round.
    assert Occupation.objects.get(code="8161").barometer_occupations.filter(pk=food.pk).exists()
    assert BarometerOccupation.objects.filter(occupations__isnull=True).count() == 5
    controller = national.get(occupation__name="Controllrar")
    assert (controller.prospects, controller.forecast) == ("medelstora", "oka")
    assert controller.text.startswith("Nationellt bedöms rekryteringssituationen för controllrar")


def test_a_new_round_with_county_rows_keeps_the_old_round_and_shows_the_movement():
    rows = [
        official("00", "Controllrar", "2412", "brist"),
        official("24", "Controllrar", "2412", "brist"),
        official(
            "21", "Controllrar", "2412", "balans", jobbmojligheter="medelstora", prognos="vara oförändrad"
        ),
        official("24", "Processoperatörer, kemi", "8131", "brist", paradox=["deltid"]),
        official("25", "Processoperatörer, kemi", "8131", None),  # no assessment for that county
    ]
    parsed = importer.read(as_bytes(rows), filename="yrkesbarometer.json")
    assert parsed.ok, parsed.errors
    preview = importer.preview(parsed)
    assert (preview.round, preview.new_round, preview.assessments) == ("2026-2", True, 4)
    assert preview.counties == ["00", "21", "24"] and preview.previous_round == "2026-1"
    assert preview.new_occupations == ["Processoperatörer, kemi"]
    assert ("Controllrar", "00", "Balance", "Shortage") in preview.moved
    assert any("1 row has no recruitment situation" in w for w in preview.warnings)
    before = counts()
    importer.load(parsed)
    assert counts() == (before[0] + 1, before[1] + 1, before[2] + 4)
    assert Assessment.objects.filter(round__code="2026-1").count() == 205  # the earlier round stays
    chemistry = Assessment.objects.get(
        round__code="2026-2", county="24", occupation__name="Processoperatörer, kemi"
    )
    assert chemistry.situation == "paradox"  # the official paradox flag on a shortage
    assert chemistry.text.startswith("Rekryteringssituationen kännetecknas av brist.")
    gavle = Assessment.objects.get(round__code="2026-2", county="21")
    assert (gavle.situation, gavle.prospects, gavle.forecast) == ("balans", "medelstora", "oforandrad")
    assert BarometerRound.objects.get(code="2026-2").counties == 2


def test_loading_a_round_again_replaces_only_that_round():
    first = importer.read(as_bytes([official("00", "Controllrar", "2412", "brist")]), filename="a.json")
    importer.load(first)
    again = importer.read(
        as_bytes(
            [official("00", "Controllrar", "2412", "balans"), official("24", "Controllrar", "2412", "brist")]
        ),
        filename="a.json",
    )
    preview = importer.preview(again)
    assert (preview.new_round, preview.replaced, preview.assessments) == (False, 1, 2)
    importer.load(again)
    assert sorted(Assessment.objects.filter(round__code="2026-2").values_list("county", "situation")) == [
        ("00", "balans"),
        ("24", "brist"),
    ]
    assert Assessment.objects.filter(round__code="2026-1").count() == 205


def test_unknown_ssyk_codes_are_named_and_left_out_of_the_links():
    rows = [
        official("00", "Påhittat yrke", "9999", "brist"),
        official("00", "Controllrar", "2412, 0000", "brist"),
    ]
    parsed = importer.read(as_bytes(rows), filename="b.json")
    assert parsed.ok
    preview = importer.preview(parsed)
    assert preview.unknown_codes == ["0000", "9999"]
    assert any("0000, 9999" in w for w in preview.warnings)
    assert any("Påhittat yrke" in w for w in preview.warnings)  # matched to no SSYK group at all
    importer.load(parsed)
    assert not BarometerOccupation.objects.get(name="Påhittat yrke").occupations.exists()
    assert list(
        BarometerOccupation.objects.get(name="Controllrar").occupations.values_list("code", flat=True)
    ) == ["2412"]


@pytest.mark.parametrize(
    "data, filename, round_code, message",
    [
        (b"\xff\xfe not text", "x.json", "", "not UTF-8"),
        (b"[{", "x.json", "", "not valid JSON"),
        (b'{"rows": 3}', "x.json", "", "must be a list of rows"),
        (b"[]", "x.json", "", "no rows"),
        (b"namn,lan\nX,00\n", "x.csv", "2026-2", "Columns missing: yrke, rekryteringssituation"),
        (as_bytes([official("00", "A", "2412", "brist", omgang="")]), "x.json", "", "does not say its round"),
        (as_bytes([official("00", "A", "2412", "brist", omgang="våren")]), "x.json", "", "is not a round"),
        (as_bytes([official("00", "A", "2412", "brist")]), "x.json", "2025-2", "is round 2026-2, not 2025-2"),
        (
            as_bytes(
                [official("00", "A", "2412", "brist"), official("00", "B", "2412", "brist", omgang="2026-1")]
            ),
            "x.json",
            "",
            "several rounds",
        ),
        (as_bytes([official("99", "A", "2412", "brist")]), "x.json", "", "“99” is no county code"),
        (
            as_bytes([official("00", "A", "2412", "kaos")]),
            "x.json",
            "",
            "unknown recruitment situation “kaos”",
        ),
        (
            as_bytes([official("00", "A", "2412", "brist", prognos="upp")]),
            "x.json",
            "",
            "unknown prognos “upp”",
        ),
        (as_bytes([official("00", "", "2412", "brist")]), "x.json", "", "row 1: no occupation"),
        (as_bytes([official("00", "y" * 201, "2412", "brist")]), "x.json", "", "row 1: too long: yrke"),
    ],
)
def test_a_malformed_file_says_what_is_wrong_and_loads_nothing(data, filename, round_code, message):
    before = counts()
    parsed = importer.read(data, filename=filename, round_code=round_code)
    assert not parsed.ok
    assert any(message in e for e in parsed.errors), parsed.errors
    with pytest.raises(ValueError):
        importer.load(parsed)
    assert counts() == before


def test_a_bad_row_stops_the_whole_file_even_after_good_ones():
    rows = [official("00", f"Yrke {i}", "2412", "brist") for i in range(30)] + [
        official("00", "X", "1", "nej")
    ]
    rows += [official("00", f"Y{i}", "2412", "?") for i in range(25)]
    parsed = importer.read(as_bytes(rows), filename="c.json")
    assert not parsed.ok and parsed.errors[-1] == "… and 6 more."
    assert len(parsed.errors) == importer.MAX_ERRORS + 1


def test_the_shipped_csv_format_reads_with_its_round_given(tmp_path):
    csv = (
        "yrke,yrkesomrade,ssyk_text,ssyk_codes,rekryteringssituation,jobbmojligheter,prognos,text\n"
        'Elektriker,"Installation, drift, underhåll",Installationselektriker,7411,brist,stora,öka,Text.\n'
    )
    parsed = importer.read(csv.encode(), filename="riket.csv", round_code="2026-2")
    assert parsed.ok and parsed.rows[0].codes == {"7411"} and parsed.rows[0].county == "00"
    path = tmp_path / "riket.csv"
    path.write_text(csv, encoding="utf-8")
    out = io.StringIO()
    call_command("load_yrkesbarometer", str(path), "--round", "2026-2", "--dry-run", stdout=out)
    assert "Round 2026-2 (new): 1 assessments" in out.getvalue() and "Dry run" in out.getvalue()
    assert not BarometerRound.objects.filter(code="2026-2").exists()
    call_command(
        "load_yrkesbarometer", str(path), "--round", "2026-2", "--published", "2026-11-20", stdout=out
    )
    loaded = BarometerRound.objects.get(code="2026-2")
    assert str(loaded.published) == "2026-11-20"
    assert Assessment.objects.get(round=loaded).occupation.occupations.get().code == "7411"


def test_the_command_refuses_a_bad_file_and_names_the_problem(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text("[{", encoding="utf-8")
    before = counts()
    with pytest.raises(CommandError, match="not valid JSON"):
        call_command("load_yrkesbarometer", str(path))
    with pytest.raises(CommandError, match="No such file"):
        call_command("load_yrkesbarometer", str(tmp_path / "missing.json"))
    assert counts() == before


@pytest.mark.swedish
def test_the_messages_are_in_swedish_by_default():
    parsed = importer.read(as_bytes([official("99", "A", "2412", "brist")]), filename="x.json")
    assert parsed.errors == ["rad 1 (A): ”99” är ingen länskod."]


def test_nul_characters_are_dropped_not_stored():
    parsed = importer.read(as_bytes([official("00", "Contr\x00ollrar", "2412", "brist")]), filename="n.json")
    assert parsed.ok and parsed.rows[0].occupation == "Controllrar"
