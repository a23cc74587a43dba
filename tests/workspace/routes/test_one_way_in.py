""" "En väg in": only what is shared with the company, never internal notes; the PDF says the same."""

import re

import pytest
from django.urls import reverse

from establishments.access import case_grant
from tests.workspace.conftest import make_route, make_step

pytestmark = pytest.mark.django_db


@pytest.fixture
def routes(w):
    shared = make_route(
        w["case"], w["maria"], answers="Utbildningar och platser", note="NOTE-SECRET ring efter tio"
    )
    make_step(shared, w["johan"], handles="Mark och plan")
    make_step(shared, w["erik"], order=2, fallback=True, handles="Allt annat")
    make_step(shared, w["jonas"], order=3, sharing="medlemmar", handles="MEMBERS-ONLY-STEP")
    make_step(shared, w["anders"], order=4, sharing="intern", handles="INTERNAL-STEP")
    make_route(w["case"], w["stranger"], topic="bostader", sharing="medlemmar", answers="MEMBERS-ROUTE")
    make_route(w["case"], w["stranger"], topic="el_vatten", sharing="intern", answers="INTERNAL-ROUTE")
    return shared


HIDDEN = (
    "NOTE-SECRET",
    "MEMBERS-ONLY-STEP",
    "INTERNAL-STEP",
    "MEMBERS-ROUTE",
    "INTERNAL-ROUTE",
    "Sven Utanfor",
)


def pdf_text(data: bytes) -> str:
    """The text drawn on the PDF's pages (uncompressed; reportlab writes "(text) Tj")."""
    assert data.startswith(b"%PDF")
    strings = re.findall(rb"\((.*?)(?<!\\)\) Tj", data)
    return " ".join(s.decode("latin-1") for s in strings)


def test_the_page_lists_only_company_items_and_never_notes(client, w, routes):
    client.force_login(w["coordinator"])
    body = client.get(reverse("workspace:one_way_in", args=[w["case"].pk])).content.decode()
    for shown in ("Maria Lundberg", "+46 70 000 00 01", w["maria"].email, "Johan Nystrom", "Erik Holmstrom"):
        assert shown in body
    for hidden in HIDDEN:
        assert hidden not in body, hidden
    assert "Nordanvind Batteri AB" in body  # an open case names the company


def test_the_pdf_has_the_same_entries(client, w, routes):
    client.force_login(w["coordinator"])
    response = client.get(reverse("workspace:one_way_in_pdf", args=[w["case"].pk]))
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert "attachment" in response["Content-Disposition"]
    text = pdf_text(response.content)
    for shown in ("Maria Lundberg", "Johan Nystrom", "Erik Holmstrom", w["maria"].email, "Mark och plan"):
        assert shown in text, shown
    for hidden in HIDDEN:
        assert hidden not in text, hidden


def test_a_confidential_case_uses_its_code_name(client, w):
    make_route(w["case_conf"], w["maria"])
    client.force_login(w["coordinator"])
    body = client.get(reverse("workspace:one_way_in", args=[w["case_conf"].pk])).content.decode()
    assert "Projekt Nordljus" in body
    assert "Hemliga fabriken" not in body and "Nordanvind" not in body
    text = pdf_text(client.get(reverse("workspace:one_way_in_pdf", args=[w["case_conf"].pk])).content)
    assert "Projekt Nordljus" in text and "Hemliga" not in text and "Nordanvind" not in text


def test_a_granted_reader_of_a_confidential_case_gets_the_same(client, w):
    make_route(w["case_conf"], w["maria"])
    colleague = w["coordinator_not_granted"]
    client.force_login(colleague)
    assert client.get(reverse("workspace:one_way_in", args=[w["case_conf"].pk])).status_code == 404
    case_grant(case=w["case_conf"], user=colleague, by=w["coordinator"], can_change=False)
    assert client.get(reverse("workspace:one_way_in", args=[w["case_conf"].pk])).status_code == 200


def test_an_empty_page_says_so(client, w):
    client.force_login(w["coordinator"])
    body = client.get(reverse("workspace:one_way_in", args=[w["case"].pk])).content.decode()
    assert "Maria Lundberg" not in body and "owi-route" not in body
    assert pdf_text(client.get(reverse("workspace:one_way_in_pdf", args=[w["case"].pk])).content)
