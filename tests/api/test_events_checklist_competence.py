"""Two events for webhooks: an organisation submits its answers in an assessment round
(``checklist.round_submitted``), and an occupation's traffic light changes in a region's shared
competence picture (``competence.light_changed``, noticed by ``lights_refresh`` on beat; the shared
picture leaves out confidential cases and internal gaps, as a text for another system must)."""

import pytest
from guardian.shortcuts import assign_perm

from accounts import policy
from accounts.models import Confidentiality
from api.models import WebhookDelivery
from competence.models import CompetenceGap
from competence.picture import services as picture_services
from competence.picture.models import PictureLight
from competence.picture.selectors import Filters, regional_picture
from competence.tasks import refresh_picture_lights
from tests import factories as f
from tests.api.records import occupation, round_with_answers
from tests.api.test_webhooks import endpoint

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def payloads(event_type):
    return [d.payload for d in WebhookDelivery.objects.filter(event_type=event_type).order_by("pk")]


def test_a_submission_is_told_to_the_regions_endpoints_once():
    hook = endpoint("24", types=["checklist.round_submitted"])
    endpoint("21", types=["checklist.round_submitted"])
    coordinator = f.coordinator("24")
    org = f.OrganisationFactory(name="Arvidsjaurs kommun", region=f.region("24"))
    round_ = round_with_answers(
        "24", coordinator, [org, f.OrganisationFactory(region=f.region("24"))], submit=1
    )
    (body,) = payloads("checklist.round_submitted")
    assert WebhookDelivery.objects.get().endpoint == hook
    data = body["data"]
    assert data["round"]["id"] == round_.pk and data["round"]["region"] == "24"
    assert data["organisation"]["name"] == org.name and data["submitted_at"]
    # A change after submission is no new submission.
    from checklist.rounds import services as round_services

    participant = round_.participants.get(organisation=org)
    answer = participant.answers.first()
    round_services.answer_save(
        user=f.contact(organisation=org), participant=participant,
        values={answer.routine_id: {"value": "ja", "comment": "Ändrat"}}, reason="Rättelse",
    )  # fmt: skip
    assert len(payloads("checklist.round_submitted")) == 1


def gap(case, needed, year=2027, code="7411", sharing="medlemmar"):
    return CompetenceGap.objects.create(
        case=case, occupation=occupation(code), year=year, needed=needed, source="etableraren",
        sharing=sharing, created_by=case.coordinator,
    )  # fmt: skip


def web_light(user, code) -> str:
    picture = regional_picture(user=user, region=f.region("24"), filters=Filters())
    return next(r.light.value for r in picture.rows if r.occupation.code == code)


def test_a_changed_light_is_told_and_the_first_refresh_only_records():
    endpoint("24", types=["competence.light_changed"])
    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator)
    gap(case, 40)
    assert refresh_picture_lights() == 0  # the first look: the lights are recorded, nothing told
    assert PictureLight.objects.get().light == web_light(coordinator, "7411")  # as the page shows it
    assert payloads("competence.light_changed") == []

    gap(case, 25, code="2341")  # a new occupation lights up
    assert refresh_picture_lights() == 1
    (body,) = payloads("competence.light_changed")
    data = body["data"]
    assert data["occupation"]["ssyk"] == "2341" and data["previous_light"] is None
    assert data["light"] == web_light(coordinator, "2341")
    assert (data["demand"], data["secured"], data["region"]) == (25, 0, "24")
    assert data["url"].endswith("/kompetens/24/yrke/2341/")

    assert refresh_picture_lights() == 0  # nothing changed, nothing told

    # The light last told was green (the supply covered it before an offering ended, say).
    PictureLight.objects.filter(occupation__code="7411").update(light="gron")
    assert refresh_picture_lights() == 1
    changed = payloads("competence.light_changed")[-1]["data"]
    assert (changed["occupation"]["ssyk"], changed["previous_light"]) == ("7411", "gron")
    assert changed["light"] == web_light(coordinator, "7411") and changed["demand"] == 40

    CompetenceGap.objects.filter(occupation__code="2341").delete()  # its demand is gone
    assert refresh_picture_lights() == 1
    last = payloads("competence.light_changed")[-1]["data"]
    assert (last["light"], last["previous_light"], last["demand"]) == (None, data["light"], 0)
    assert last["occupation"]["ssyk"] == "2341"


def test_the_shared_picture_leaves_out_confidential_cases_and_internal_gaps():
    endpoint("24", types=["competence.light_changed"])
    coordinator = f.coordinator("24")
    gap(f.CaseFactory(coordinator=coordinator), 10)
    picture_services.lights_refresh(f.region("24"))  # the first look
    secret = f.CaseFactory(
        coordinator=coordinator, name="Hemliga fabriken", code_name="Projekt Gran",
        confidentiality=Confidentiality.CONFIDENTIAL,
    )  # fmt: skip
    assign_perm(policy.VIEW_CASE, coordinator, secret)
    gap(secret, 500, code="2341")
    gap(f.CaseFactory(coordinator=coordinator), 300, code="3113", sharing="intern")
    assert picture_services.lights_refresh(f.region("24")) == 0
    assert payloads("competence.light_changed") == []
    assert set(PictureLight.objects.values_list("occupation__code", flat=True)) == {"7411"}


def test_no_endpoint_no_delivery_but_the_lights_are_kept():
    coordinator = f.coordinator("24")
    case = f.CaseFactory(coordinator=coordinator)
    gap(case, 40)
    refresh_picture_lights()
    gap(case, 40, code="2341")
    assert refresh_picture_lights() == 1
    assert not WebhookDelivery.objects.exists()
    assert PictureLight.objects.count() == 2
