"""The links that work without logging in, with generated tokens: an alarm's answer link
(``alarms:answer_link``), a round's personal answer link (``checklist:answer_link``), the calendar
feed (``workspace:calendar_feed``) and the invitation's password link (``password_reset_confirm``).

Tokens are issued as the project issues them (config/links.py: ``signing.dumps`` with a salt per
purpose; the feed's random token; Django's password reset token) and then altered: a character
flipped, inserted or removed, truncated, lengthened, its parts swapped with another token's,
signed with the other link's salt, issued long ago (expired), or a payload of the wrong shape signed
with the right key; besides tokens that are plain generated text. Each is opened (GET) and submitted
(POST, with a generated form). No server error; a refused link changes nothing; the valid link,
with a valid form, is accepted.
"""

from __future__ import annotations

import time
from datetime import timedelta
from unittest import mock
from urllib.parse import quote

import pytest
from django.contrib.auth.tokens import default_token_generator
from django.core import signing
from django.urls import reverse
from django.utils import timezone
from django.utils.encoding import force_bytes
from django.utils.http import urlsafe_base64_encode
from hypothesis import given
from hypothesis import strategies as st

from alarms.answering.forms import AnswerForm
from alarms.delivery.messages import LINK_SALT as ALARM_SALT
from alarms.delivery.messages import answer_token
from checklist.rounds import personal_link, selectors
from checklist.rounds.forms import AnswerSheet
from checklist.rounds.personal_link import LINK_SALT as ROUND_SALT
from tests.checklist.harness_rounds import _harness_round
from workspace.plan import services as plan_services

from .engine import COUNTER, Sender, fuzz
from .targets import form_shape
from .values import CHARS, HOSTILE, Shape, choice, submission

pytestmark = pytest.mark.django_db

EXAMPLES = {"alarm": 700, "round": 600, "calendar": 500, "password": 450}


def link_url(name: str, token: str) -> str:
    """The URL of a link with any token (``reverse`` refuses the empty one and those with "/")."""
    return reverse(name, args=["TOKEN"]).replace("TOKEN", quote(token, safe=""))


def issued_long_ago(payload: dict, salt: str, hours: int) -> str:
    with mock.patch("django.core.signing.time.time", return_value=time.time() - hours * 3600):
        return signing.dumps(payload, salt=salt, compress=True)


# --- Tokens -------------------------------------------------------------------------------------------

PAYLOADS = st.recursive(
    st.one_of(
        st.none(),
        st.booleans(),
        st.integers(-(2**70), 2**70),
        st.floats(allow_nan=False, allow_infinity=False),
        st.text(CHARS, max_size=12),
        st.sampled_from(HOSTILE),
    ),
    lambda children: st.one_of(
        st.lists(children, max_size=3),
        st.dictionaries(st.sampled_from(["d", "p", "c", "x", ""]), children, max_size=3),
    ),
    max_leaves=6,
)


@st.composite
def altered(draw, tokens: list[str]) -> str:
    """A token the project issued, altered (see the module)."""
    token = draw(st.sampled_from(tokens))
    how = draw(
        st.sampled_from(["flip", "insert", "delete", "truncate", "extend", "swap", "case", "double", "nul"])
    )
    at = draw(st.integers(0, max(len(token) - 1, 0)))
    if how == "flip" and token:
        alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789-_:.=%"
        return token[:at] + draw(st.sampled_from(alphabet)) + token[at + 1 :]
    if how == "insert":
        return token[:at] + draw(st.text(CHARS, min_size=1, max_size=3)) + token[at:]
    if how == "delete":
        return token[:at] + token[at + 1 :]
    if how == "truncate":
        return token[:at]
    if how == "extend":
        return token + draw(st.sampled_from([":", "=", ":0", "x" * 5000, "%00", "..", ":" + token]))
    if how == "swap":  # the parts of a signed token (payload:time:signature) from different tokens
        other = draw(st.sampled_from(tokens))
        mine, theirs = token.split(":"), other.split(":")
        part = draw(st.integers(0, max(len(mine) - 1, 0)))
        if part < len(theirs):
            mine[part] = theirs[part]
        return ":".join(mine)
    if how == "case":
        return token.swapcase()
    if how == "double":
        return token + token
    return token[:at] + "\x00" + token[at:]


def tokens(
    valid: list[str], *, salt: str | None = None, wrong_salt: str | None = None, expired=()
) -> st.SearchStrategy:
    """Valid tokens now and then, altered ones mostly, and (for signed links) tokens signed with
    another purpose's salt, expired ones, and payloads of the wrong shape signed with the right key."""
    options = [
        st.sampled_from(valid),
        altered(valid),
        altered(valid),
        altered(valid),
        st.text(CHARS, max_size=80),
        st.sampled_from(HOSTILE),
        st.sampled_from(["x" * 10_000, ".", "..", "%2F", "a/b", " "]),
    ]
    if salt:
        options += [PAYLOADS.map(lambda p: signing.dumps(p, salt=salt, compress=True))] * 2
        options += [PAYLOADS.map(lambda p: signing.dumps(p, salt=salt))]
    if wrong_salt:
        options += [
            st.sampled_from(valid).map(lambda t: signing.dumps(signing.loads(t, salt=salt), salt=wrong_salt))
        ]
    if expired:
        options += [st.sampled_from(list(expired))]
    return st.one_of(*options)


# --- The alarm's answer link ------------------------------------------------------------------------


def test_alarm_answer_link(client, world):
    deliveries = [
        d for a in ("alarm", "alarm_confidential", "alarm_other_region") for d in world[a].deliveries.all()
    ]
    valid = [answer_token(d) for d in deliveries]
    expired = [issued_long_ago({"d": d.pk}, ALARM_SALT, hours=24 * 30) for d in deliveries[:3]]
    shape = form_shape(AnswerForm(), {"response": "mobilising", "who_comes": "Anna", "reason": ""})
    sender = Sender(client, "alarm_answer_link")
    # The control: the valid link with a valid answer is accepted.
    url = link_url("alarms:answer_link", answer_token(world["alarm_delivery"]))
    assert sender.send("get", url).status_code == 200
    sender.send("post", url, shape.valid, accepted=answered)
    assert sender.accepted == 1

    @fuzz(EXAMPLES["alarm"], "alarm_answer_link")
    @given(
        token=tokens(valid, salt=ALARM_SALT, wrong_salt=ROUND_SALT, expired=expired), data=submission(shape)
    )
    def run(token, data):
        COUNTER.inputs += 1
        url = link_url("alarms:answer_link", token)
        sender.send("get", url)
        sender.send("post", url, data, accepted=answered)

    run()


def answered(response) -> bool:
    return b'data-link-result="answered"' in response.content


# --- A round's personal answer link ------------------------------------------------------------------


def _round_states(world):
    """Participants whose links are refused or read-only for a reason: a closed round, a deadline
    long past (an expired link), answers already submitted."""
    org = world["organisation"]
    closed = _harness_round(world["rounds_round"].region, [org], world["coordinator"], "Fuzz stängd omgång")
    closed.closed_at = timezone.now()
    closed.save()
    late = _harness_round(world["rounds_round"].region, [org], world["coordinator"], "Fuzz sen omgång")
    late.deadline = timezone.localdate() - timedelta(days=60)
    late.save()
    submitted = world["readiness_round"].participants.filter(contact__isnull=False).first()
    return [p for p in (*closed.participants.all(), *late.participants.all(), submitted) if p is not None]


def test_round_answer_link(client, world):
    participant = world["rounds_participant"]
    others = [world["rounds_other_participant"], *_round_states(world)]
    valid = [personal_link.answer_token(p) for p in (participant, *others)]
    answers = selectors.answers_of(participant)
    kinds, data = {}, {}
    for form in AnswerSheet(answers).forms:
        shape = form_shape(form, {form.add_prefix("value"): "ja", form.add_prefix("plan_when"): ""})
        kinds.update(shape.kinds)
        data.update(shape.valid)
    shape = Shape({**kinds, "action": choice("draft", "submit")}, {**data, "action": "draft"})
    sender = Sender(client, "round_answer_link")
    url = link_url("checklist:answer_link", personal_link.answer_token(participant))
    assert sender.send("get", url).status_code == 200
    sender.send("post", url, shape.valid)
    assert sender.accepted == 1

    @fuzz(EXAMPLES["round"], "round_answer_link")
    @given(token=tokens(valid, salt=ROUND_SALT, wrong_salt=ALARM_SALT), data=submission(shape))
    def run(token, data):
        COUNTER.inputs += 1
        url = link_url("checklist:answer_link", token)
        sender.send("get", url)
        sender.send("post", url, data)

    run()


# --- The calendar feed --------------------------------------------------------------------------------


def test_calendar_feed(client, world):
    revoked = plan_services.calendar_feed_create(user=world["deputy"])
    plan_services.calendar_feed_revoke(user=world["deputy"], feed=revoked)
    feed = plan_services.calendar_feed_create(user=world["coordinator"])
    valid = [feed.token, revoked.token]
    sender = Sender(client, "calendar_feed")
    response = sender.send("get", link_url("workspace:calendar_feed", feed.token))
    assert response.status_code == 200 and response["Content-Type"].startswith("text/calendar")

    @fuzz(EXAMPLES["calendar"], "calendar_feed")
    @given(token=tokens(valid), post=st.integers(0, 9))
    def run(token, post):
        COUNTER.inputs += 1
        url = link_url("workspace:calendar_feed", token)
        if post == 0:
            assert sender.send("post", url, {"x": "1"}).status_code in (404, 405)
        else:
            sender.send("get", url)

    run()


# --- The invitation's password link -----------------------------------------------------------------


def test_password_link(client, world, settings):
    # The link keeps its token in the session between its two pages; in a cookie here, since each
    # request's database changes are rolled back (tests/fuzz/engine.py).
    settings.SESSION_ENGINE = "django.contrib.sessions.backends.signed_cookies"
    user = world["reader"]
    uid = urlsafe_base64_encode(force_bytes(user.pk))
    token = default_token_generator.make_token(user)
    other_uid = urlsafe_base64_encode(force_bytes(world["deputy"].pk))
    uids = [
        uid,
        other_uid,
        urlsafe_base64_encode(b"999999"),
        urlsafe_base64_encode(b"abc"),
        urlsafe_base64_encode(b"99999999999999999999999"),
    ]
    password = "Ett långt och ovanligt lösenord 42"
    shape = Shape(
        {"new_password1": choice(password), "new_password2": choice(password)},
        {"new_password1": password, "new_password2": password},
    )
    sender = Sender(client, "password_link")
    response = sender.send("get", link_url_pair(uid, token))
    assert response.status_code == 302
    sender.send("post", response["Location"], shape.valid)
    assert sender.accepted == 1

    @fuzz(EXAMPLES["password"], "password_link")
    @given(uid=tokens(uids), token=tokens([token]), data=submission(shape))
    def run(uid, token, data):
        COUNTER.inputs += 1
        client.cookies.clear()
        response = sender.send("get", link_url_pair(uid, token))
        target = (
            response["Location"]
            if response is not None and response.status_code == 302
            else link_url_pair(uid, token)
        )
        sender.send("post", target, data)

    run()


def link_url_pair(uid: str, token: str) -> str:
    url = reverse("password_reset_confirm", args=["UID", "TOKEN"])
    return url.replace("UID", quote(uid, safe="")).replace("TOKEN", quote(token, safe=""))
