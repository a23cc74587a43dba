"""A case with actors and contact routes, and the users who may or may not reach them."""

from datetime import date, timedelta

import pytest
from django.utils import timezone

from accounts.models import Sharing
from actors.models import Level, OrganisationType
from establishments import services
from establishments.models import CaseMember
from tests import factories as f
from workspace.routes.models import ContactRoute, RouteStep


def make_route(case, person, *, topic="kompetensforsorjning", sharing=Sharing.COMPANY, **kw):
    kw.setdefault("last_verified", timezone.localdate())
    kw.setdefault("answers", "Utbildningar och platser")
    return ContactRoute.objects.create(
        case=case, topic=topic, first_contact=person, sharing=sharing, created_by=case.coordinator, **kw
    )


def make_step(route, person, *, order=1, fallback=False, sharing=Sharing.COMPANY, handles="Beslut"):
    return RouteStep.objects.create(
        case=route.case,
        route=route,
        order=order,
        person=person,
        handles=handles,
        is_fallback=fallback,
        sharing=sharing,
        created_by=route.case.coordinator,
    )


@pytest.fixture
def w(db):
    """The world: an open case in Västerbotten with three member organisations, and outsiders."""
    x = {}
    x["coordinator"] = f.coordinator("24")
    x["deputy"] = f.coordinator("24")
    x["other_region"] = f.coordinator("21")
    x["reader"] = f.reader("24")
    x["company"] = f.CompanyFactory(name="Nordanvind Batteri AB", level=Level.INTERNATIONELL)
    x["kommun"] = f.OrganisationFactory(name="Skelleftea kommun", level=Level.LOKAL)
    x["region"] = f.OrganisationFactory(
        name="Region Vasterbotten", type=OrganisationType.REGION, level=Level.REGIONAL
    )
    x["outsider_org"] = f.OrganisationFactory(name="Utomstaende AB")
    x["contact"] = f.contact(organisation=x["region"])
    x["contact_other"] = f.contact(organisation=x["outsider_org"])
    x["case"] = services.case_create(
        user=x["coordinator"],
        name="Batterifabriken",
        company=x["company"],
        lead_municipality=f.municipality("2482"),
        coordinator=x["coordinator"],
        deputy=x["deputy"],
        members=[x["company"], x["kommun"], x["region"]],
    )
    x["case_conf"] = services.case_create(
        user=x["coordinator"],
        name="Hemliga fabriken",
        code_name="Projekt Nordljus",
        company=x["company"],
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=x["coordinator"],
        deputy=x["deputy"],
        members=[x["region"]],
    )
    x["coordinator_not_granted"] = f.coordinator("24")
    # People with current roles, one who has left, one without any role.
    x["maria"] = f.RoleFactory(
        organisation=x["region"], person__name="Maria Lundberg", person__phone="+46 70 000 00 01"
    ).person
    x["erik"] = f.RoleFactory(organisation=x["region"], person__name="Erik Holmstrom").person
    x["johan"] = f.RoleFactory(organisation=x["kommun"], person__name="Johan Nystrom").person
    x["anders"] = f.RoleFactory(
        organisation=x["kommun"],
        person__name="Anders Oberg",
        valid_from=date(2020, 1, 1),
        valid_to=timezone.localdate() - timedelta(days=30),
    ).person
    x["jonas"] = f.RoleFactory(organisation=x["company"], person__name="Jonas Bergkvist").person
    x["stranger"] = f.PersonFactory(organisation=x["outsider_org"], name="Sven Utanfor")
    x["member"] = {m.organisation_id: m for m in CaseMember.objects.filter(case=x["case"])}
    return x


def member(w, key) -> CaseMember:
    return CaseMember.objects.get(case=w["case"], organisation=w[key])
