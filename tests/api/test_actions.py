"""Actions and commitments through the API: the actions of the cases a token's user may see at the
sharing levels they may read, and an organisation's answer to an action proposed to it, against the
version read (``If-Match`` with the ETag): none gets 428, a stale one 412 with the current version;
the answer is told to the subscribed webhooks."""

import pytest
from django.test import Client

from accounts import api_tokens
from api.models import WebhookDelivery, WebhookEndpoint
from api.webhooks import new_secret
from tests import factories as f
from workspace.plan import services as plan_services
from workspace.plan.models import Action

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def bearer(user, read_only=False) -> dict:
    token = api_tokens.token_create(user=user, name="t", read_only=read_only)
    return {"HTTP_AUTHORIZATION": f"Bearer {token.secret}"}


@pytest.fixture
def world():
    coordinator = f.coordinator("24")
    af = f.OrganisationFactory(name="Arbetsförmedlingen")
    case = f.CaseFactory(coordinator=coordinator, name="Fabriken")
    case.memberships.create(organisation=af)
    contact = f.contact(organisation=af)
    action = plan_services.action_save(
        user=coordinator,
        action=Action(case=case, theme="kompetensforsorjning", title="Rekryteringsträffar",
                      owner_organisation=af, sharing="medlemmar"),
    )  # fmt: skip
    action = plan_services.action_propose(user=coordinator, action=action, notify=False)
    internal = plan_services.action_save(
        user=coordinator,
        action=Action(case=case, theme="mark", title="Hemlig markaffär", sharing="intern"),
    )
    return {
        "coordinator": coordinator,
        "contact": contact,
        "case": case,
        "action": action,
        "internal": internal,
    }


def answer(world, headers, data, **extra):
    url = f"/api/v1/actions/{world['action'].pk}/respond/"
    return Client().post(url, data, content_type="application/json", **headers, **extra)


def test_the_contact_reads_what_is_shared_and_answers_against_the_version_read(world):
    auth = bearer(world["contact"])
    listed = Client().get("/api/v1/actions/", **auth).json()["results"]
    assert [a["title"] for a in listed] == ["Rekryteringsträffar"]  # never the internal one
    read = Client().get(f"/api/v1/actions/{world['action'].pk}/", **auth)
    etag = read["ETag"]
    assert etag == f'"{read.json()["version"]}"' and read.json()["commitment"] == "foreslagen"

    assert answer(world, auth, {"accept": True}).status_code == 428
    stale = answer(world, auth, {"accept": True}, HTTP_IF_MATCH='"999"')
    assert stale.status_code == 412 and stale.json()["current"]["version"] == read.json()["version"]
    assert answer(world, auth, {"accept": True}, HTTP_IF_MATCH="W/nonsense").status_code == 412
    refused = answer(world, auth, {"accept": False, "reason": ""}, HTTP_IF_MATCH=etag)
    assert refused.status_code == 400 and "reason" in refused.json()
    world["action"].refresh_from_db()
    assert world["action"].commitment == "foreslagen"

    done = answer(world, auth, {"accept": True}, HTTP_IF_MATCH=etag)
    assert done.status_code == 200 and done.json()["commitment"] == "accepterad"
    assert done["ETag"] == f'"{done.json()["version"]}"' != etag
    again = answer(world, auth, {"accept": False, "reason": "Nej"}, HTTP_IF_MATCH=etag)
    assert again.status_code == 412  # the answer read is no longer the current version
    history = world["action"].history.first()
    assert history.history_change_reason == "Commitment accepted" and history.history_user == world["contact"]


def test_who_may_not_answer(world):
    for user in (world["coordinator"], f.reader("24"), f.contact()):
        response = answer(world, bearer(user), {"accept": True}, HTTP_IF_MATCH='"1"')
        assert response.status_code in (403, 404), user
    assert (
        answer(
            world, bearer(world["contact"], read_only=True), {"accept": True}, HTTP_IF_MATCH='"1"'
        ).status_code
        == 403
    )
    assert (
        Client().get(f"/api/v1/actions/{world['internal'].pk}/", **bearer(world["contact"])).status_code
        == 404
    )
    world["action"].refresh_from_db()
    assert world["action"].commitment == "foreslagen"


def test_the_answer_is_sent_to_the_subscribed_webhooks(world):
    hook = WebhookEndpoint.objects.create(
        owner=world["coordinator"], region=world["case"].region, url="https://mottagare.example.se/hook",
        description="Mottagare", event_types=["commitment.answered"], secret=new_secret(),
    )  # fmt: skip
    read = Client().get(f"/api/v1/actions/{world['action'].pk}/", **bearer(world["contact"]))
    answer(
        world,
        bearer(world["contact"]),
        {"accept": False, "reason": "Saknar resurser"},
        HTTP_IF_MATCH=read["ETag"],
    )
    sent = WebhookDelivery.objects.get(endpoint=hook).payload["data"]
    assert sent["action"]["commitment"] == "avbojd" and sent["action"]["reason"] == "Saknar resurser"
    assert sent["action"]["organisation"] == "Arbetsförmedlingen" and sent["case"]["name"] == "Fabriken"
