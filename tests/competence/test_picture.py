"""The regional competence picture (/kompetens/<region>/): the traffic-light rule, sums that count only
what the user may read (also in the chart, the XLSX file and the PDF), who may see it, what bad
input gets, and query counts that do not grow with the cases and occupations."""

from datetime import date
from io import BytesIO

import pytest
from django.urls import reverse
from django.utils import timezone
from guardian.shortcuts import assign_perm
from openpyxl import load_workbook

from accounts import policy
from accounts.models import Confidentiality
from competence.barometer.models import Assessment, BarometerOccupation, BarometerRound
from competence.models import CompetenceGap, Occupation, Offering
from competence.picture.selectors import Filters, regional_picture
from competence.picture.semafor import Light, light
from competence.supply.services import offering_save
from tests import factories as f
from tests.helpers import count_queries

pytestmark = [pytest.mark.django_db, pytest.mark.english]

YEAR = timezone.localdate().year
PICTURE = reverse("picture:region", args=["24"])
XLSX = reverse("picture:region_xlsx", args=["24"])


def occupation_url(code="7411", region="24"):
    return reverse("picture:occupation", args=[region, code])


def pdf_url(code="7411", region="24"):
    return reverse("picture:occupation_pdf", args=[region, code])


def gap(case, code="7411", year=YEAR, needed=100, sharing="medlemmar") -> CompetenceGap:
    return CompetenceGap.objects.create(
        case=case,
        occupation=Occupation.objects.get(code=code),
        year=year,
        needed=needed,
        source="egen_analys",
        sharing=sharing,
        created_by=case.coordinator,
    )


def offering(code="7411", municipality="2482", graduates=20, status="pagaende", start=YEAR, **fields):
    values = {"name": f"Utbildning {code}", "form": "komvux", "places_per_year": graduates}
    values.update(fields)
    made = Offering(
        provider=f.OrganisationFactory(),
        municipality=f.municipality(municipality),
        graduates_per_year=graduates,
        start=date(start, 1, 15),
        status=status,
        **values,
    )
    return offering_save(
        user=f.admin(), offering=made, occupations=Occupation.objects.filter(code__in=[code])
    )


def barometer(code="7411", situation="brist", county="00", round_code="2099-1"):
    round_, _ = BarometerRound.objects.get_or_create(code=round_code, defaults={"source": "test"})
    occupation, _ = BarometerOccupation.objects.get_or_create(name=f"Barometeryrke {code}")
    occupation.occupations.add(Occupation.objects.get(code=code))
    return Assessment.objects.update_or_create(
        round=round_, occupation=occupation, county=county, defaults={"situation": situation}
    )[0]


@pytest.fixture
def coordinator():
    return f.coordinator("24")


@pytest.fixture
def case(coordinator):
    return f.CaseFactory(
        coordinator=coordinator, name="Öppna fabriken", sector="Batterier", phase="utredning"
    )


# --- The traffic light --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("demand", "secured", "shortage", "expected"),
    [
        (101, 100, True, Light.RED),  # one person short, in shortage
        (100, 100, True, Light.YELLOW),  # covered exactly, but a shortage occupation
        (101, 100, False, Light.YELLOW),  # one short, no shortage
        (100, 100, False, Light.GREEN),  # covered exactly
        (0, 0, False, Light.GREEN),
        (0, 0, True, Light.YELLOW),
        (5, 500, False, Light.GREEN),
    ],
)
def test_the_rule(demand, secured, shortage, expected):
    assert light(demand=demand, secured=secured, shortage=shortage) == expected


def test_a_red_row_turns_yellow_then_green_as_supply_and_barometer_change(coordinator, case):
    gap(case, "7411", YEAR, 40)
    barometer("7411", "paradox")  # a paradoxical shortage counts as a shortage
    row = regional_picture(user=coordinator, region=f.region("24"), filters=Filters()).rows[0]
    assert (row.demand, row.secured, row.light) == (40, 0, Light.RED)

    offering("7411", graduates=40, status="ansokt")  # applied for: planned, not secured
    row = regional_picture(user=coordinator, region=f.region("24"), filters=Filters()).rows[0]
    assert (row.secured, row.planned, row.light) == (0, 40, Light.RED)

    Offering.objects.update(status="beviljad")
    row = regional_picture(user=coordinator, region=f.region("24"), filters=Filters()).rows[0]
    assert (row.secured, row.remaining, row.light) == (40, 0, Light.YELLOW)

    Assessment.objects.update(situation="balans")
    row = regional_picture(user=coordinator, region=f.region("24"), filters=Filters()).rows[0]
    assert row.light == Light.GREEN


def test_the_county_row_wins_over_the_national_and_the_movement_is_read(coordinator, case):
    gap(case, "7411", YEAR, 10)
    barometer("7411", "balans", county="00", round_code="2098-2")
    barometer("7411", "balans", county="24", round_code="2098-2")
    barometer("7411", "brist", county="00", round_code="2099-1")
    barometer("7411", "overskott", county="24", round_code="2099-1")
    row = regional_picture(user=coordinator, region=f.region("24"), filters=Filters()).rows[0]
    assert row.barometer.assessment.situation == "overskott" and not row.barometer.national
    assert row.barometer.moved and row.barometer.previous == "balans"
    assert row.light == Light.YELLOW  # demand 10, no supply; not in shortage here


def test_supply_counts_each_offering_once_in_its_years_and_ended_ones_not(coordinator, case):
    other = f.CaseFactory(coordinator=coordinator, name="Andra fabriken")
    gap(case, "7411", YEAR, 30)
    gap(other, "7411", YEAR, 30)
    gap(case, "7411", YEAR + 1, 30)
    shared = offering("7411", graduates=25, start=YEAR)
    offering("7411", graduates=99, status="avslutad")
    offering("7411", graduates=7, start=YEAR + 1, status="ide")
    offering("7411", municipality="2180", graduates=50)  # Gävleborg: another region's supply
    row = regional_picture(user=coordinator, region=f.region("24"), filters=Filters()).rows[0]
    assert [(y.year, y.demand, y.secured, y.planned) for y in row.years] == [
        (YEAR, 60, 25, 0),
        (YEAR + 1, 30, 25, 7),
    ]
    assert row.cases == 2 and shared in row.offerings and len(row.offerings) == 2


# --- Only what the user may read ----------------------------------------------------------------


@pytest.fixture
def secret(coordinator):
    """A confidential case in the region, granted to one other coordinator only."""
    granted = f.coordinator("24")
    case = f.CaseFactory(
        coordinator=granted,
        name="Hemliga fabriken",
        code_name="Projekt Gran",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )
    assign_perm(policy.VIEW_CASE, granted, case)
    gap(case, "7411", YEAR, 7000)
    return case


def test_a_confidential_case_never_reaches_a_user_not_granted_it(client, coordinator, case, secret):
    gap(case, "7411", YEAR, 100)
    client.force_login(coordinator)
    page = client.get(PICTURE).content.decode()
    assert ">100<" in page and "7 100" not in page and "7100" not in page and "7 000" not in page
    occupation = client.get(occupation_url()).content.decode()
    assert "Projekt Gran" not in occupation and "Hemliga" not in occupation and "7 000" not in occupation
    sheet = load_workbook(BytesIO(client.get(XLSX).content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 100 in cells and 7100 not in cells and 7000 not in cells
    pdf = client.get(pdf_url()).content
    assert b"Projekt Gran" not in pdf and b"7100" not in pdf and b"7000" not in pdf and b"Hemliga" not in pdf

    assert client.get(PICTURE).context["picture"].rows[0].demand == 100
    client.force_login(secret.coordinator)  # granted: counted, and named by its code name in the PDF
    assert client.get(PICTURE).context["picture"].rows[0].demand == 7100
    pdf = client.get(pdf_url()).content
    assert b"Projekt Gran" in pdf and b"Hemliga" not in pdf and b"7100" in pdf


def test_a_reader_counts_open_cases_and_shared_gaps_only(client, case):
    restricted = f.CaseFactory(name="Begränsad", confidentiality=Confidentiality.RESTRICTED)
    gap(case, "7411", YEAR, 10)
    gap(case, "7411", YEAR + 1, 1000, sharing="intern")  # internal: the case's own staff only
    gap(restricted, "7411", YEAR, 500)
    client.force_login(f.reader("24"))
    page = client.get(PICTURE).content.decode()
    assert "1 010" not in page and "510" not in page
    sheet = load_workbook(BytesIO(client.get(XLSX).content)).active
    cells = [c for row in sheet.iter_rows(values_only=True) for c in row]
    assert 10 in cells and 1000 not in cells and 500 not in cells and 1010 not in cells


def test_drills_and_lost_cases_do_not_count_unless_their_phase_is_asked_for(client, coordinator, case):
    lost = f.CaseFactory(coordinator=coordinator, phase="forlorad")
    drill = f.CaseFactory(coordinator=coordinator)
    type(drill).objects.filter(pk=drill.pk).update(is_drill=True)
    gap(case, "7411", YEAR, 10)
    gap(lost, "7411", YEAR, 200)
    gap(drill, "7411", YEAR, 3000)
    region = f.region("24")
    assert regional_picture(user=coordinator, region=region, filters=Filters()).rows[0].demand == 10
    assert (
        regional_picture(user=coordinator, region=region, filters=Filters(phase="forlorad")).rows[0].demand
        == 200
    )


# --- Filters and the municipality's picture -------------------------------------------------------


def test_filters_narrow_the_demand_and_a_municipality_its_supply(client, coordinator, case):
    umea = f.CaseFactory(
        coordinator=coordinator, lead_municipality=f.municipality("2480"), sector="Datacenter", phase="beslut"
    )
    gap(case, "7411", YEAR, 10)
    gap(umea, "7411", YEAR, 20)
    gap(umea, "2512", YEAR + 3, 5)
    offering("7411", municipality="2482", graduates=3)
    offering("7411", municipality="2480", graduates=4)
    barometer("2512", "brist")
    client.force_login(coordinator)

    def rows(**params):
        response = client.get(PICTURE, params)
        assert response.status_code == 200
        return {r.occupation.code: r for r in response.context["picture"].rows}

    assert rows()["7411"].demand == 30 and rows()["7411"].secured == 7 * 4  # four years shown
    assert rows(year_to=YEAR)["7411"].secured == 7
    assert set(rows(year_to=YEAR)) == {"7411"}
    skelleftea = rows(municipality="2482")
    assert (skelleftea["7411"].demand, skelleftea["7411"].secured) == (10, 3) and "2512" not in skelleftea
    assert rows(sector="data")["7411"].demand == 20
    assert rows(phase="beslut")["7411"].demand == 20
    assert set(rows(shortage_only="on")) == {"2512"}
    assert rows(year_from=YEAR + 1, year_to=YEAR + 3).keys() == {"2512"}


def test_an_official_is_led_to_the_picture_of_their_municipality(client):
    official = f.official("2482")
    client.force_login(official)
    response = client.get(reverse("picture:index"))
    assert response.status_code == 302 and response["Location"].endswith("/kompetens/24/?municipality=2482")
    assert client.get(response["Location"]).context["picture"].filters.municipality.code == "2482"


def test_an_administrator_chooses_a_region(client):
    client.force_login(f.admin())
    page = client.get(reverse("picture:index")).content.decode()
    assert "/kompetens/24/" in page and "/kompetens/21/" in page


# --- Who must not --------------------------------------------------------------------------------


@pytest.mark.parametrize("url", [PICTURE, XLSX, occupation_url(), pdf_url()])
def test_who_may_not_see_a_region_picture(client, case, url):
    gap(case, "7411", YEAR, 10)
    response = client.get(url)
    assert response.status_code == 302 and "/logga-in/" in response["Location"]
    for user in (f.contact(), f.coordinator("21"), f.reader("21"), f.official("2180")):
        client.force_login(user)
        assert client.get(url).status_code == 403, user
    for user in (f.coordinator("24"), f.reader("24"), f.official("2480"), f.admin()):
        client.force_login(user)
        assert client.get(url).status_code == 200, user


def test_the_picture_is_read_only(client, coordinator):
    client.force_login(coordinator)
    for url in (PICTURE, XLSX, occupation_url(), pdf_url(), reverse("picture:index")):
        assert client.post(url).status_code == 405


def test_a_contact_has_no_picture_to_choose(client):
    client.force_login(f.contact())
    assert client.get(reverse("picture:index")).status_code == 403


# --- Bad input ------------------------------------------------------------------------------------


def test_bad_filters_get_a_message_and_the_rest_of_the_picture(client, coordinator, case):
    gap(case, "7411", YEAR, 10)
    client.force_login(coordinator)
    response = client.get(PICTURE, {"year_from": YEAR + 2, "year_to": YEAR})
    assert response.status_code == 200
    assert "The last year comes before the first." in response.content.decode()
    response = client.get(PICTURE, {"year_from": 2000, "year_to": 2090})
    assert "Show at most 15 years at a time." in response.content.decode()
    for params in (
        {"municipality": "2180"},  # Gävle: not in this region
        {"municipality": "x' OR 1=1"},
        {"year_from": "tjugo"},
        {"year_from": "99999999999999999999"},
        {"phase": "nope"},
        {"sector": "x" * 500},
        {"shortage_only": "\x00"},
    ):
        response = client.get(PICTURE, params)
        assert response.status_code == 200, params
        assert response.context["form"].errors or params.get("shortage_only"), params
        assert client.get(XLSX, params).status_code == 200
        assert client.get(pdf_url(), params).status_code == 200


@pytest.mark.parametrize(
    "url",
    [
        "/kompetens/99/",
        "/kompetens/24/yrke/0000/",
        "/kompetens/24/yrke/81/",
        "/kompetens/2/",
        "/kompetens/24/yrke/811/",
    ],
)
def test_unknown_regions_and_occupations_are_not_found(client, coordinator, url):
    client.force_login(coordinator)
    assert client.get(url).status_code == 404


def test_an_occupation_group_above_level_four_is_not_found(client, coordinator):
    client.force_login(coordinator)
    assert client.get(occupation_url("8100")).status_code in (404,)


# --- Files ----------------------------------------------------------------------------------------


def test_the_xlsx_file_has_the_table_and_the_rule(client, coordinator, case):
    gap(case, "7411", YEAR, 40)
    offering("7411", graduates=15, name='=HYPERLINK("http://x")')
    barometer("7411", "brist")
    client.force_login(coordinator)
    response = client.get(XLSX)
    assert response["Content-Disposition"].startswith('attachment; filename="kompetensbild-24-')
    rows = list(load_workbook(BytesIO(response.content)).active.iter_rows(values_only=True))
    text = " ".join(str(c) for r in rows for c in r if c is not None)
    assert "Red: the cases' demand is greater" in text
    data = [r for r in rows if r[0] == "7411"][0]
    assert data[2] == 1 and data[3:6] == (40, 15, 0) and data[-1] == "Red" and data[-4] == 25


def test_the_pdf_has_the_cases_the_barometer_and_the_supply(client, coordinator, case):
    gap(case, "7411", YEAR, 40)
    offering("7411", graduates=15, name="Elektriker yrkesvux")
    barometer("7411", "brist", round_code="2098-2")
    barometer("7411", "paradox", round_code="2099-1")
    client.force_login(coordinator)
    response = client.get(pdf_url())
    assert response["Content-Type"] == "application/pdf" and response.content.startswith(b"%PDF")
    for text in (b"ppna fabriken", b"Elektriker yrkesvux", b"2099-1", b"2098-2"):
        assert text in response.content, text


def test_the_occupation_page_draws_the_chart_and_its_table(client, coordinator, case):
    gap(case, "7411", YEAR, 40)
    offering("7411", graduates=15, status="ansokt")
    client.force_login(coordinator)
    page = client.get(occupation_url()).content.decode()
    assert "<svg" in page and 'role="img"' in page and "url(#hatch)" in page
    assert "Öppna fabriken" in page and "Demand per case" in page


# --- Query counts ---------------------------------------------------------------------------------


def _world(n: int, coordinator):
    codes = list(Occupation.objects.filter(level=4).order_by("code").values_list("code", flat=True)[:n])
    cases = [f.CaseFactory(coordinator=coordinator) for _ in range(n)]
    CompetenceGap.objects.bulk_create(
        CompetenceGap(
            case=c,
            occupation=Occupation.objects.get(code=code),
            year=YEAR + i % 3,
            needed=10,
            source="egen_analys",
            sharing="medlemmar",
            created_by=coordinator,
        )
        for i, (c, code) in enumerate(zip(cases, codes, strict=True))
    )
    for code in codes[:: max(n // 5, 1)]:
        offering(code, graduates=5)
        barometer(code, "brist")
    return codes


@pytest.mark.parametrize("url", [PICTURE, XLSX, occupation_url(), pdf_url()])
def test_query_counts_do_not_grow_with_cases_and_occupations(client, coordinator, url):
    client.force_login(coordinator)
    _world(5, coordinator)
    gap(f.CaseFactory(coordinator=coordinator), "7411", YEAR, 3)
    few = count_queries(client, url, warm=True)
    _world(200, coordinator)
    for _ in range(20):
        gap(f.CaseFactory(coordinator=coordinator), "7411", YEAR + 1, 1)
    offering("7411", graduates=2)
    many = count_queries(client, url, warm=True)
    print(f"queries {url}: {few} with 5 cases and occupations, {many} with 220 cases and 200 occupations")
    assert many == few, (few, many)


@pytest.mark.parametrize(
    ("demand", "secured", "shortage", "expected"),
    [
        (1200, 100, True, "The demand (1,200) is greater than the secured supply (100), and the barometer "
         "sees a shortage."),
        (100, 100, False, "The secured supply (100) covers the demand (100), and the barometer sees no "
         "shortage."),
    ],
)  # fmt: skip
def test_the_reason_gives_the_figures(demand, secured, shortage, expected):
    from competence.picture.semafor import reason

    assert reason(demand=demand, secured=secured, shortage=shortage) == expected


def test_the_competence_tab_links_to_the_regions_picture_for_those_who_may_see_it(client, coordinator, case):
    url = reverse("competence:case_competence", kwargs={"case_pk": case.pk})
    client.force_login(coordinator)
    assert 'href="/kompetens/24/"' in client.get(url).content.decode()
    contact = f.contact()
    from establishments.models import CaseMember

    CaseMember.objects.create(case=case, organisation=contact.organisation)
    client.force_login(contact)
    response = client.get(url)
    assert response.status_code == 200 and 'href="/kompetens/24/"' not in response.content.decode()
