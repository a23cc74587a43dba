"""Every URL of the project, with the objects it is tried on and the oracle's rule for each method.

An entry says, for one URL name, how to make its concrete URLs from the world (``targets``: one per
object variant, classified by the URL's keyword arguments: a case, a signal, a workspace record and
its kind, an alarm, a person, a channel, a region's code, a round, a drill, a lesson, a token …),
which rule of tests/probes/oracle.py decides a GET and a POST (``None``: the method is refused to
everyone, e.g. a GET of a POST-only endpoint), whether the GET is also tried as an htmx request,
and what a POST sends. ``test_every_url_has_an_entry`` fails when a URL has none, like the access
harness does (tests/test_access_harness.py).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from . import oracle as o
from .world import CASES, ProbeWorld

Rule = Callable  # (pw, who, facts) -> bool


@dataclass
class Target:
    label: str  # the object, as the report names it
    kwargs: dict = field(default_factory=dict)
    facts: object = None  # what the rule is asked about
    query: str = ""
    post: dict = field(default_factory=dict)  # what a POST to this object sends besides the entry's
    get: Rule | None = None  # the rule for a GET of this target, where it is not the entry's
    htmx: bool | None = None  # whether the GET is tried as htmx too, where not as the entry says
    fragment_only: bool = False  # tried only as htmx's GET (a record's view fragment)
    reader: str | None = None  # whose rights bound what the response may show, where not the requester's


@dataclass
class Entry:
    get: Rule | None
    post: Rule | None
    targets: Callable[[ProbeWorld], list[Target]] = lambda pw: [Target("-")]
    htmx: bool = False  # the GET is tried with HX-Request too
    data: dict = field(default_factory=dict)
    allow_status: tuple[int, ...] = ()  # statuses that count as allowed besides 200/204/302/400
    deny_status: tuple[int, ...] = ()  # statuses that count as denied besides 403/404/405
    # A page that only reads answers a POST as a GET: tried once per value of this (e.g. per case).
    post_once_per: Callable[[Target], object] | None = None


# --- Targets -----------------------------------------------------------------------------------

MAIN_CASES = [key for key, _region, _level in CASES]
LESSON_CASES = ["lessons_case_closed", "lessons_case_closed21", "lessons_case_confidential"]


def cases(pw: ProbeWorld, keys=None) -> list[Target]:
    return [Target(key, {"case_pk": pw.cases[key].pk}, pw.cases[key]) for key in (keys or MAIN_CASES)]


def lesson_cases(pw):
    return cases(pw, MAIN_CASES + LESSON_CASES)


def signals(pw: ProbeWorld, actions=None) -> list[Target]:
    result = []
    for key, fact in pw.signals.items():
        for action in actions or [None]:
            kwargs = {"pk": fact.pk} | ({"action": action} if action else {})
            result.append(Target(f"{key}/{action}" if action else key, kwargs, fact))
    return result


def items(pw: ProbeWorld, kinds=None, **query) -> list[Target]:
    result = []
    for key, fact in pw.items.items():
        if kinds and fact.kind not in kinds:
            continue
        kwargs = {"case_pk": pw.cases[fact.case].pk, "kind": fact.kind, "pk": fact.pk}
        extra = "?" + "&".join(f"{k}={v}" for k, v in query.items()) if query else ""
        result.append(Target(key, kwargs, fact, extra, {"version": fact.version}))
    return result


def items_and_fragments(pw: ProbeWorld) -> list[Target]:
    """A record's form (for who may change it), and its view fragment (``?view=1``, the inline form's
    cancel: for who may read it), the fragment as htmx asks for it."""
    forms = items(pw)
    for t in forms:
        t.htmx = False
    fragments = [
        Target(
            f"{t.label} ?view=1",
            t.kwargs,
            t.facts,
            "?view=1",
            t.post,
            get=o.item_read,
            htmx=True,
            fragment_only=True,
        )
        for t in forms
    ]
    return forms + fragments


def items_by_pk(pw: ProbeWorld, kind: str) -> list[Target]:
    """A moment's own endpoint for a record (``pk`` without ``kind``)."""
    return [
        Target(t.label, {"case_pk": t.kwargs["case_pk"], "pk": t.kwargs["pk"]}, t.facts, post=t.post)
        for t in items(pw, [kind])
    ]


def members(pw: ProbeWorld) -> list[Target]:
    return [
        Target(t.label, {"case_pk": t.kwargs["case_pk"], "member_pk": t.kwargs["pk"]}, t.facts, post=t.post)
        for t in items(pw, ["casemember"])
    ]


def new_items(pw: ProbeWorld) -> list[Target]:
    """A new record of every kind in the open and the confidential case of region 24, of one kind in
    the others (who may create one is who may change the case, whatever the kind; a referral step
    needs its route: ``?route=``)."""
    result = []
    every_kind = sorted({fact.kind for fact in pw.items.values()})
    for key in MAIN_CASES:
        case = pw.cases[key]
        kinds = every_kind if key in ("case24_open", "case24_conf") else ["expectation"]
        for kind in kinds:
            query = ""
            if kind == "routestep":
                route = next(f for f in pw.items.values() if f.case == key and f.kind == "contactroute")
                query = f"?route={route.pk}"
            result.append(Target(f"{key}:{kind}", {"case_pk": case.pk, "kind": kind}, case, query))
    return result


def regions(pw) -> list[Target]:
    return [Target(f"region {code}", {"code": code}, code) for code in ("24", "21")]


def picture_regions(pw) -> list[Target]:
    return [Target(f"region {code}", {"region_code": code}, code) for code in ("24", "21")]


def picture_occupations(pw) -> list[Target]:
    """The occupation of the world's gaps (every case has one, its marker in the case's name) and one
    that no case needs."""
    from competence.models import Occupation

    needed = Occupation.objects.filter(level=4).order_by("code").first().code
    return [
        Target(f"region {code}, {ssyk}", {"region_code": code, "ssyk": ssyk}, code)
        for code in ("24", "21")
        for ssyk in (needed, "8189")
    ]


def alarms(pw: ProbeWorld) -> list[Target]:
    return [Target(key, {"pk": pw[key].pk}, fact) for key, fact in pw.facts["alarms"].items()]


def recipients(pw: ProbeWorld) -> list[Target]:
    result = []
    for key, fact in pw.facts["alarms"].items():
        for recipient in pw[key].recipients.all():
            result.append(
                Target(
                    f"{key}/recipient {recipient.organisation}",
                    {"pk": pw[key].pk, "recipient_pk": recipient.pk},
                    {"alarm": fact, "organisation": recipient.organisation_id},
                )
            )
    return result


def people(pw: ProbeWorld) -> list[Target]:
    return [Target(key, {"person_pk": pw[key].pk}, fact) for key, fact in pw.facts["people"].items()]


def channels(pw: ProbeWorld) -> list[Target]:
    return [
        Target(f"channel of {key}", {"pk": channel.pk}, pw.facts["people"][key])
        for key, channel in pw["channels"].items()
    ]


def roster_entries(pw: ProbeWorld) -> list[Target]:
    return [
        Target(key, {"code": pw[key].roster.region.code, "pk": pw[key].pk}, pw[key].roster.region.code)
        for key in ("roster_entry", "roster_entry_other")
    ]


def rounds(pw: ProbeWorld) -> list[Target]:
    return [Target(key, {"pk": pw[key].pk}, fact) for key, fact in pw.facts["rounds"].items()]


def participants(pw: ProbeWorld) -> list[Target]:
    result = []
    for key, fact in pw.facts["rounds"].items():
        for p in pw[key].participants.all():
            result.append(
                Target(
                    f"{key}/{p.organisation}",
                    {"pk": pw[key].pk, "participant_pk": p.pk},
                    {"round": fact, "organisation": p.organisation_id},
                )
            )
    # A participant asked under another round's URL is found by nobody.
    p = pw["rounds_participant"]
    result.append(
        Target(
            "rounds_participant under rounds_other_round",
            {"pk": pw["rounds_other_round"].pk, "participant_pk": p.pk},
            None,
        )
    )
    return result


def answers(pw: ProbeWorld) -> list[Target]:
    return [
        Target(key, {"answer_pk": pw[key].pk}, pw[key].participant.round.region.code)
        for key in ("readiness_answer", "readiness_other_answer")
    ]


def readiness_actions(pw: ProbeWorld) -> list[Target]:
    return [
        Target(key, {"pk": pw[key].pk}, pw[key].region.code)
        for key in ("readiness_action", "readiness_other_action")
    ]


def drills(pw: ProbeWorld) -> list[Target]:
    return [Target(key, {"pk": pw[key].pk}, fact) for key, fact in pw.facts["drills"].items()]


def lessons(pw: ProbeWorld) -> list[Target]:
    return [Target(key, {"pk": fact["pk"]}, fact) for key, fact in pw.facts["lessons"].items()]


def offerings(pw: ProbeWorld) -> list[Target]:
    return [
        Target(key, {"pk": pw[key].pk}, {"region": region, "provider": pw[key].provider_id})
        for key, region in (("offering24", "24"), ("offering21", "21"))
    ]


def organisations(pw: ProbeWorld) -> list[Target]:
    return [
        Target(label, {"pk": org.pk})
        for label, org in (
            ("organisation", pw["organisation"]),
            ("member_org", pw["member_org"]),
            ("case24_conf's member", pw["conf_member"].organisation),
        )
    ]


def admin_token(pw) -> list[Target]:
    """A token of the administrator's (made once): revoked by its owner or an administrator only."""
    from accounts import api_tokens
    from accounts.models import ApiToken

    token = ApiToken.objects.filter(user=pw["admin"], name="probe").first()
    if token is None:
        token = api_tokens.token_create(user=pw["admin"], name="probe").token
    return [Target("the administrator's token", {"pk": token.pk})]


def _webhook(pw):
    """An endpoint of region 24 with a failed delivery (made once)."""
    from api import webhooks
    from api.models import WebhookDelivery, WebhookEndpoint

    endpoint = WebhookEndpoint.objects.filter(description="probe").first()
    if endpoint is None:
        endpoint = WebhookEndpoint.objects.create(
            owner=pw["coordinator"], region=pw["coordinator"].region, url="https://mottagare.example.se/hook",
            description="probe", event_types=["signal.logged"], secret=webhooks.new_secret(),
        )  # fmt: skip
        WebhookDelivery.objects.create(
            endpoint=endpoint, message_id="msg_probe", event_type="signal.logged", payload={}, state="failed"
        )
    return endpoint


def webhook_targets(pw) -> list[Target]:
    return [Target("webhook of 24", {"pk": _webhook(pw).pk}, "24")]


def webhook_actions(pw) -> list[Target]:
    pk = _webhook(pw).pk
    return [Target(f"webhook of 24, {a}", {"pk": pk, "action": a}, "24") for a in ("rotate", "off", "on")]


def webhook_deliveries(pw) -> list[Target]:
    endpoint = _webhook(pw)
    return [
        Target("a failed delivery", {"pk": endpoint.pk, "delivery_pk": endpoint.deliveries.first().pk}, "24")
    ]


def _single(label, **kwargs):
    return lambda pw: [Target(label, {k: (v(pw) if callable(v) else v) for k, v in kwargs.items()})]


# --- What POSTs send -----------------------------------------------------------------------------

# Enough that a missing check would change something: a phase, a reason, a channel, an action …
POST = {
    "phase": "utredning",
    "reason": "probe",
    "change_reason": "probe",
    "direction": "up",
    "kind": "email",
    "target": "probe@example.se",
    "engagement": "informeras",
    "decision": "accept",
    "note": "probe",
    "title": "probe",
    "text": "probe",
    "active": "0",
    "action": "draft",
    "contribution": "probe",
    "approach": "probe",
}


# --- The entries ---------------------------------------------------------------------------------


def _feed(pw):
    """A forged token, and each feed's own: whoever holds it gets the owner's calendar, no more."""
    return [Target("a forged token", {"token": "forged-token"}, None)] + [
        Target(f"{key}'s token", {"token": feed.token}, "valid", reader=key)
        for key, feed in pw["calendar_feeds"].items()
    ]


def _token_rule(pw, who, facts):
    return facts == "valid"


ENTRIES: dict[str, Entry] = {
    # Open by design (the access harness's OPEN_URLS): everyone, or a token that is the key.
    "login": Entry(o.anyone, o.anyone),
    "logout": Entry(None, o.anyone, allow_status=(302,)),  # logging out leads to the login page
    "health": Entry(o.anyone, None, allow_status=(503,)),
    "password_reset_confirm": Entry(o.anyone, o.anyone, _single("a forged link", uidb64="MQ", token="x-y")),
    "password_reset": Entry(o.anyone, o.anyone, data={"email": "probe@example.se"}),
    "password_reset_done": Entry(o.anyone, None),
    "invitation_accept": Entry(o.anyone, o.anyone, _single("a forged link", uidb64="MQ", token="x-y")),
    "set_language": Entry(o.anyone, o.anyone),
    "workspace:calendar_feed": Entry(_token_rule, None, _feed),
    # A forged link says so (400) and shows nothing.
    "alarms:answer_link": Entry(
        o.nobody, o.nobody, _single("a forged token", token="forged"), deny_status=(400,)
    ),
    "checklist:answer_link": Entry(
        o.nobody, o.nobody, _single("a forged token", token="forged"), deny_status=(400,)
    ),
    # The site.
    "dashboard": Entry(o.logged_in, o.logged_in),
    "search": Entry(o.logged_in, o.logged_in, lambda pw: [Target("?q=PRB", query="?q=PRB")]),
    # The alarm chain's metrics, for operators (the bearer token: tests/alarms/test_metrics.py): an
    # anonymous caller is asked for the token (401), not sent to the login page; GET and HEAD only.
    "metrics": Entry(o.operations, None, deny_status=(401,)),
    # Signals.
    "establishments:signal_list": Entry(o.logged_in, o.logged_in),
    "establishments:signal_create": Entry(o.case_create, o.case_create),
    "establishments:signal_duplicates": Entry(o.logged_in, o.logged_in, htmx=True),
    "establishments:signal_detail": Entry(o.signal_read, o.signal_read, signals, htmx=True),
    "establishments:signal_history": Entry(o.signal_read, o.signal_read, signals),
    "establishments:signal_triage": Entry(
        None, o.signal_triage, lambda pw: signals(pw, ["assess", "dismiss"]), data={"reason": "probe"}
    ),
    # Cases.
    "establishments:case_list": Entry(
        o.logged_in, o.logged_in, lambda pw: [Target("list"), Target("CSV", query="?format=csv")]
    ),
    "establishments:case_create": Entry(o.case_create, o.case_create),
    "establishments:case_detail": Entry(o.case_read, o.case_read, cases, htmx=True),
    "establishments:case_edit": Entry(o.case_write, o.case_write, cases),
    "establishments:case_phase": Entry(None, o.case_write, cases),
    "establishments:case_history": Entry(o.case_read, o.case_read, cases),
    "establishments:case_access": Entry(o.case_grant, o.case_grant, cases),
    # The workspace: the generic record endpoints, then each moment's pages.
    "workspace:item_create": Entry(o.case_write, o.case_write, new_items),
    "workspace:item_edit": Entry(o.item_write, o.item_write, items_and_fragments),
    "workspace:item_delete": Entry(None, o.item_delete, items),
    "workspace:item_history": Entry(o.item_read, o.item_read, items, post_once_per=lambda t: t.facts.case),
    "workspace:goals": Entry(o.case_read, o.case_read, cases),
    "workspace:engagement_change": Entry(None, o.item_write, members),
    "workspace:journal": Entry(o.case_read, o.case_read, cases),
    "workspace:actor_map": Entry(o.case_read, o.case_read, cases, htmx=True),
    "workspace:contact_routes": Entry(o.case_read, o.case_read, cases, htmx=True),
    "workspace:route_verify": Entry(None, o.item_write, lambda pw: items_by_pk(pw, "contactroute")),
    "workspace:one_way_in": Entry(o.case_read, o.case_read, cases),
    "workspace:one_way_in_pdf": Entry(o.case_read, o.case_read, cases),
    "workspace:action_plan": Entry(o.case_read, o.case_read, cases),
    "workspace:action_propose": Entry(None, o.item_write, lambda pw: items_by_pk(pw, "action")),
    "workspace:action_respond": Entry(None, o.action_respond, lambda pw: items_by_pk(pw, "action")),
    "workspace:action_plan_export": Entry(
        o.case_read,
        None,
        lambda pw: (
            cases(pw)
            + [Target(f"{t.label} for the company", t.kwargs, t.facts, "?for=company") for t in cases(pw)]
        ),
    ),
    "workspace:calendar_feed_settings": Entry(o.logged_in, o.logged_in),
    "competence:case_competence": Entry(o.case_read, o.case_write, cases),
    "competence:summary": Entry(o.case_read, None, cases, htmx=True),
    "competence:occupation_search": Entry(
        o.case_write,
        None,
        lambda pw: [Target(t.label, t.kwargs, t.facts, "?q=8189") for t in cases(pw)],
        htmx=True,
    ),
    # The registry and the users.
    # The education supply (competence/supply): read by all, written by its editors.
    "supply:offering_list": Entry(o.logged_in, o.logged_in),
    "supply:offering_create": Entry(o.offering_add, o.offering_add),
    # The CSV import: the upload page and the example file; a POST without a file or token is refused
    # with a message to whoever may add offerings.
    "supply:offering_import": Entry(
        o.offering_add,
        o.offering_add,
        lambda pw: [Target("upload page"), Target("example file", query="?format=csv")],
    ),
    "supply:offering_detail": Entry(o.logged_in, o.logged_in, offerings),
    # The regional competence picture (competence/picture): read-only, for a region's staff and readers.
    "picture:index": Entry(o.picture_index, None),
    "picture:region": Entry(o.picture_read, None, picture_regions),
    "picture:region_xlsx": Entry(o.picture_read, None, picture_regions),
    "picture:occupation": Entry(o.picture_read, None, picture_occupations),
    "picture:occupation_pdf": Entry(o.picture_read, None, picture_occupations),
    "supply:offering_edit": Entry(o.offering_write, o.offering_write, offerings),
    "supply:offering_history": Entry(o.logged_in, o.logged_in, offerings),
    "actors:organisation_list": Entry(o.logged_in, o.logged_in),
    "actors:person_list": Entry(o.logged_in, o.logged_in),
    "actors:organisation_create": Entry(o.registry_write, o.registry_write),
    "actors:import": Entry(o.registry_write, o.registry_write),
    "actors:organisation_detail": Entry(o.logged_in, o.logged_in, organisations),
    "actors:organisation_edit": Entry(o.registry_write, o.registry_write, organisations),
    "actors:organisation_history": Entry(o.logged_in, o.logged_in, organisations),
    "actors:role_create": Entry(
        o.registry_write,
        o.registry_write,
        _single("organisation", organisation_pk=lambda pw: pw["organisation"].pk),
    ),
    "actors:role_edit": Entry(
        o.registry_write,
        o.registry_write,
        _single("role", organisation_pk=lambda pw: pw["organisation"].pk, pk=lambda pw: pw["role"].pk),
    ),
    "actors:role_history": Entry(o.logged_in, o.logged_in, _single("role", pk=lambda pw: pw["role"].pk)),
    "actors:person_create": Entry(o.registry_write, o.registry_write),
    "actors:person_detail": Entry(o.logged_in, o.logged_in, _single("person", pk=lambda pw: pw["person"].pk)),
    "actors:person_edit": Entry(
        o.registry_write, o.registry_write, _single("person", pk=lambda pw: pw["person"].pk)
    ),
    "actors:person_history": Entry(
        o.logged_in, o.logged_in, _single("person", pk=lambda pw: pw["person"].pk)
    ),
    # The suggestions of the lists' search-as-you-type fields (actors/suggestions.py): GET only.
    "actors:suggest": Entry(
        o.logged_in,
        None,
        lambda pw: [
            Target(source, {"source": source}, query="?q=a")
            for source in (
                "municipality",
                "municipality-any",
                "organisation",
                "company",
                "signal-source",
                "occupation",
            )
        ],
        htmx=True,
    ),
    "accounts:user_list": Entry(o.admin_only, o.admin_only),
    "accounts:user_create": Entry(o.admin_only, o.admin_only),
    "accounts:user_edit": Entry(o.admin_only, o.admin_only, _single("reader", pk=lambda pw: pw["reader"].pk)),
    "accounts:user_set_active": Entry(None, o.admin_only, _single("reader", pk=lambda pw: pw["reader"].pk)),
    # Privacy: the page for everyone; a person's or user's data exported or erased (a POST without the
    # typed confirmation erases nothing), and the retention preview, for administrators.
    "privacy:page": Entry(o.anyone, None),
    **{
        f"privacy:{kind}_{action}": Entry(
            o.admin_only, o.admin_only, _single(key, pk=lambda pw, key=key: pw[key].pk)
        )
        for kind, key in (("person", "person"), ("user", "reader"))
        for action in ("export", "erase")
    },
    "privacy:retention": Entry(o.admin_only, None),
    "accounts:user_second_factor_reset": Entry(
        None, o.admin_only, _single("reader", pk=lambda pw: pw["reader"].pk)
    ),
    "accounts:lockouts": Entry(o.admin_only, o.admin_only),
    "accounts:lockout_lift": Entry(None, o.admin_only, data={"username": "probe"}),
    # One's own account: every logged-in user, for themselves only (the views take request.user).
    "accounts:profile": Entry(o.logged_in, o.logged_in),
    "accounts:password_change": Entry(o.logged_in, o.logged_in),
    "accounts:second_factor_enrol": Entry(o.logged_in, o.logged_in),
    "accounts:second_factor_verify": Entry(o.logged_in, o.logged_in),
    "accounts:recovery_codes_renew": Entry(None, o.logged_in),
    "accounts:second_factor_turn_off": Entry(None, o.logged_in),
    "accounts:sessions_end": Entry(None, o.logged_in),
    # Outbound webhooks (api/webhook_views.py): a region's coordinators and administrators.
    "webhooks:list": Entry(o.webhooks_manage, o.webhooks_manage),
    "webhooks:create": Entry(o.webhooks_manage, o.webhooks_manage),
    "webhooks:detail": Entry(o.webhook_endpoint, o.webhook_endpoint, webhook_targets),
    "webhooks:edit": Entry(o.webhook_endpoint, o.webhook_endpoint, webhook_targets),
    "webhooks:action": Entry(None, o.webhook_endpoint, webhook_actions),
    "webhooks:redeliver": Entry(None, o.webhook_endpoint, webhook_deliveries),
    "accounts:api_tokens": Entry(o.logged_in, o.logged_in, data={"name": "probe", "days": "5"}),
    "accounts:api_token_revoke": Entry(None, o.admin_only, admin_token),
    # The alarm chain.
    "alarms:list": Entry(o.logged_in, o.logged_in),
    "alarms:raise": Entry(o.alarm_raise, o.alarm_raise),
    "alarms:detail": Entry(o.alarm_read, o.alarm_read, alarms),
    "alarms:board": Entry(o.alarm_read, o.alarm_read, alarms, htmx=True),
    "alarms:answer": Entry(
        None, o.alarm_answer, recipients, data={"response": "kommer", "who_comes": "probe"}
    ),
    "alarms:answer_here": Entry(
        None, o.alarm_answer, recipients, data={"response": "kommer", "who_comes": "probe", "next": "/"}
    ),
    "alarms:note_add": Entry(None, o.alarm_note, alarms, data={"question": "1", "text": "probe"}),
    "alarms:close": Entry(o.alarm_close, o.alarm_close, alarms),
    "alarms:report": Entry(o.alarm_read, None, alarms),
    "alarms:report_csv": Entry(o.alarm_read, None, alarms),
    "alarms:compare": Entry(o.logged_in, None),
    "alarms:inbox": Entry(o.logged_in, None),
    "alarms:inbox_read_all": Entry(None, o.logged_in),
    "alarms:notification_open": Entry(
        None,
        o.notification_open,
        lambda pw: [Target("the contact's notice", {"pk": pw["alarm_notification"].pk}, pw["contact"].pk)],
    ),
    "alarms:roster_index": Entry(o.roster_index, o.roster_index),
    "alarms:roster": Entry(o.roster_read, o.roster_read, regions),
    "alarms:roster_policy": Entry(
        o.roster_write,
        o.roster_write,
        regions,
        data={
            "deputy_after_minutes": 3,
            "coordinator_after_minutes": 3,
            "max_repeats": 0,
            "auto_close_hours": 1,
        },
    ),
    "alarms:entry_create": Entry(o.roster_write, o.roster_write, regions),
    "alarms:entry_edit": Entry(o.roster_write, o.roster_write, roster_entries),
    "alarms:entry_delete": Entry(o.roster_write, o.roster_write, roster_entries),
    "alarms:my_channels": Entry(o.logged_in, o.logged_in),
    "alarms:person_channels": Entry(o.channels_read, o.channels_read, people),
    "alarms:channel_create": Entry(o.channels_write, o.channels_write, people),
    "alarms:channel_edit": Entry(o.channels_write, o.channels_write, channels),
    "alarms:channel_delete": Entry(o.channels_write, o.channels_write, channels),
    "alarms:channel_move": Entry(None, o.channels_write, channels),
    # Rounds and answers, readiness, drills, lessons, routines.
    "checklist:my_rounds": Entry(o.logged_in, o.logged_in),
    "checklist:round_create": Entry(o.rounds_manage, o.rounds_manage, regions),
    "checklist:round_detail": Entry(o.round_read, o.round_read, rounds),
    "checklist:round_close": Entry(o.round_manage, o.round_manage, rounds),
    "checklist:round_remind": Entry(None, o.round_manage, rounds),
    "checklist:answer": Entry(
        lambda pw, who, t: t is not None and o.participant_read(pw, who, t),
        lambda pw, who, t: t is not None and o.participant_answer(pw, who, t),
        participants,
    ),
    "checklist:answer_history": Entry(
        lambda pw, who, t: t is not None and o.participant_read(pw, who, t),
        lambda pw, who, t: t is not None and o.participant_read(pw, who, t),
        participants,
    ),
    "checklist:readiness_index": Entry(o.readiness_index, None),
    "checklist:overview": Entry(o.readiness_read, None, regions),
    "checklist:trends": Entry(o.readiness_read, None, regions),
    "checklist:plan": Entry(o.readiness_read, None, regions),
    "checklist:matrix": Entry(o.round_read, None, rounds),
    "checklist:matrix_xlsx": Entry(o.round_read, None, rounds),
    "checklist:matrix_print": Entry(o.round_read, None, rounds),
    "checklist:action_from_answer": Entry(o.rounds_manage, o.rounds_manage, answers),
    "checklist:action_edit": Entry(o.rounds_manage, o.rounds_manage, readiness_actions),
    "checklist:drill_list": Entry(o.logged_in, o.logged_in),
    "checklist:drill_start": Entry(o.drill_start, o.drill_start),
    "checklist:drill_detail": Entry(o.drill_read, o.drill_read, drills),
    "checklist:drill_answer": Entry(None, o.drill_answer, drills),
    "checklist:drill_close": Entry(o.drill_close, o.drill_close, drills),
    "checklist:lesson_library": Entry(o.logged_in, o.logged_in),
    "checklist:lesson_create": Entry(o.lesson_create, o.lesson_create, lesson_cases),
    "checklist:lesson_edit": Entry(o.lesson_write, o.lesson_write, lessons),
    "checklist:routine_list": Entry(o.logged_in, o.logged_in),
    "checklist:routine_add": Entry(o.admin_only, o.admin_only),
    "checklist:routine_revise": Entry(
        o.admin_only, o.admin_only, _single("routine 1", pk=lambda pw: pw["lessons_routine"].pk)
    ),
}


def url_of(name: str, target: Target) -> str:
    return reverse(name, kwargs=target.kwargs) + target.query
