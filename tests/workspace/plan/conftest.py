"""A small world for the action plan: a case with two member organisations and their contacts."""

from __future__ import annotations

from datetime import timedelta
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone

from establishments import services
from tests import factories as f
from workspace.plan import services as plan_services
from workspace.plan.models import Action

ITEM = {
    "action_create": "item_create",
    "action_edit": "item_edit",
    "action_delete": "item_delete",
    "action_history": "item_history",
}  # actions are edited through the workspace's record endpoints


def url(name, case, action=None):
    kwargs = {"case_pk": case.pk}
    if action is not None:
        kwargs["pk"] = action.pk
    if name in ITEM:
        name, kwargs["kind"] = ITEM[name], "action"
    return reverse(f"workspace:{name}", kwargs=kwargs)


def make_action(case, user, **fields) -> Action:
    defaults = {"theme": "kompetensforsorjning", "title": "Starta YH-utbildning i processteknik"}
    defaults.update(fields)
    return plan_services.action_save(user=user, action=Action(case=case, **defaults))


@pytest.fixture
def plan():
    w = SimpleNamespace()
    w.coordinator = f.coordinator("24", email="samordnare@example.se")
    w.deputy = f.coordinator("24")
    w.other_region = f.coordinator("21")
    w.official = f.official("2482")
    w.reader = f.reader("24")
    w.af = f.OrganisationFactory(name="Arbetsförmedlingen")
    w.kommun = f.OrganisationFactory(name="Skellefteå kommun")
    w.outsider_org = f.OrganisationFactory(name="Utanför")
    w.contact = f.contact(organisation=w.af, email="fatima@example.se")
    w.contact_kommun = f.contact(organisation=w.kommun, email="kommun@example.se")
    w.contact_outsider = f.contact(organisation=w.outsider_org)
    w.fatima = f.PersonFactory(name="Fatima Karimi", organisation=w.af, email="fatima.person@example.se")
    w.kommun_person = f.PersonFactory(name="Per Kommun", organisation=w.kommun)
    w.case = f.CaseFactory(coordinator=w.coordinator, deputy=w.deputy)
    w.case.memberships.create(organisation=w.af)
    w.case.memberships.create(organisation=w.kommun)
    w.confidential = services.case_create(
        user=w.coordinator,
        name="Hemligt namn",
        code_name="Projekt Nordljus",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=w.coordinator,
        deputy=w.deputy,
        members=[w.af],
    )
    w.today = timezone.localdate()
    w.action = make_action(
        w.case,
        w.coordinator,
        owner_organisation=w.af,
        owner_person=w.fatima,
        due_date=w.today + timedelta(days=30),
    )
    return w
