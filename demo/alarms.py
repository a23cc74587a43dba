"""Demo data of the alarm chain: the three demo regions' rosters (*larmlistor*) and one finished drill.

Called by ``seed_demo`` with what it has created: ``users`` by username, ``orgs`` and ``people`` by
their keys in seed_demo. Rosters, channels and the drill go through the services, so permissions,
history and the outbox are what the application itself records.

Some gaps are left on purpose, so the reachability check has findings to show: Umeå universitet has
no deputy; Skellefteå kommun's deputy has a role that has ended; Yrkeshögskolan Norrsken's deputy
can only be reached by SMS, which is not configured on a demo installation; in Gävleborg, Komvux
Gävle's deputy has moved to another school. The demo contact (``kontakt``, Fatima Karimi at
Arbetsförmedlingen) is the primary contact of Arbetsförmedlingen in Västerbotten with the in-app
inbox first, so alarms land in her inbox. Region Gävleborg's primary contact also posts to a Teams
channel through a webhook.

The drill lies two weeks back in Västerbotten, with answers at realistic minutes, one escalation
to a deputy, two notes on the first-response checklist and a close, so its report has times to
show. The services date what they record by their ``now`` argument; what they date by the clock
(deliveries, inbox notices, checklist notes) is moved back afterwards, as seed_demo does for phase
changes. The drill's messages are recorded as delivered but go nowhere: sending them now, two weeks
late, to the demo's invented addresses would be wrong on any installation with a real mail server.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Q
from django.test.utils import override_settings
from django.utils import timezone

from actors.models import Person
from actors.services import person_save
from alarms.answering.services import alarm_close, recipient_answer
from alarms.core.models import Alarm, AlarmEvent, AlarmKind, EventKind, Question, Recipient, Response
from alarms.delivery.models import Delivery
from alarms.delivery.services import deliver
from alarms.escalation.services import escalate_due
from alarms.inbox.models import Notification
from alarms.raising.models import FirstResponseNote
from alarms.raising.services import alarm_raise, note_add
from alarms.rosters.models import Channel, ChannelKind, RosterEntry
from alarms.rosters.services import channel_save, roster_entry_save, roster_for, roster_policy_save
from demo.data.fiction import email_for
from demo.data.organisations import ORGANISATIONS, REGION_CODES
from demo.data.people import COORDINATORS

# People the registry does not have yet, made for the rosters: key: (name, title, organisation key).
DEPUTIES: dict[str, tuple[str, str, str]] = {
    "karl": ("Karl Lindqvist", "Näringslivsutvecklare", "umea"),
    "maja": ("Maja Bergström", "Utbildningsledare, automation", "yh_norrsken"),
    "pernilla": ("Pernilla Ek", "Biträdande rektor", "komvux_ske"),
    "olof": ("Olof Hägglund", "Näringslivsutvecklare", "sandviken"),
    "annelie": ("Annelie Backlund", "Handläggare, samhällsbyggnad", "lst_gb"),
    "rasmus": ("Rasmus Ekholm", "Utbildningsstrateg", "hig"),
    "lina": ("Lina Sjödin", "Arbetsgivarsamordnare, Gävleborg", "af"),
    "per_olof": ("Per-Olof Berg", "Studie- och yrkesvägledare", "komvux_gavle"),
    "johanna": ("Johanna Nordin", "Utvecklingsstrateg, kompetensförsörjning", "region_vn"),
    "emil": ("Emil Hedin", "Etableringsstrateg", "sundsvall"),
    "sanna": ("Sanna Holmgren", "Näringslivsutvecklare", "harnosand"),
    "tomas": ("Tomas Viklund", "Handläggare, tillstånd", "lst_vn"),
    "frida": ("Frida Åkerlund", "Samverkansrådgivare", "miun"),
    "ahmed": ("Ahmed Yusuf", "Arbetsgivarsamordnare, Västernorrland", "af"),
}

# region code: [(organisation key, primary contact, deputy or None)], in roster order.
ROSTERS: dict[str, list[tuple[str, str, str | None]]] = {
    "24": [
        ("region_vb", "erik", "maria"),
        ("skelleftea", "johan", "anders"),  # Anders Öberg's role ended in 2024
        ("umea", "elin", "karl"),
        ("lst_vb", "per", "linnea"),
        ("af", "fatima", "henrik"),
        ("umu", "sofia", None),  # no deputy
        ("yh_norrsken", "robert", "maja"),  # the deputy has SMS only
        ("komvux_ske", "ingrid", "pernilla"),
    ],
    "21": [
        ("region_gb", "malin", "lars"),
        ("gavle", "sofie", "viktor"),
        ("sandviken", "tobias", "olof"),
        ("lst_gb", "eva", "annelie"),
        ("hig", "andreas", "rasmus"),
        ("af", "lina", "henrik"),
        ("komvux_gavle", "jenny", "per_olof"),  # the deputy moves to Strömsbrogymnasiet
    ],
    "22": [
        ("region_vn", "hanna", "johanna"),
        ("sundsvall", "mats", "emil"),
        ("harnosand", "ida", "sanna"),
        ("lst_vn", "kristina", "tomas"),
        ("miun", "gustav", "frida"),
        ("af", "ahmed", "henrik"),
    ],
}

# Channels other than the person's registry e-mail, in the person's order. "email" stands for the
# registry address; people with a demo account get the in-app inbox after it.
CHANNELS: dict[str, list[tuple[str, str]]] = {
    "fatima": [("inapp", ""), ("email", "")],  # the demo contact reads alarms in the app first
    "malin": [("email", ""), ("webhook", "https://hooks.example.se/teams/region-gavleborg-larm")],
    "maja": [("sms", "+46701740698")],  # the one SMS number; not reachable while SMS is off
}
IN_APP_USERS = {"maria", "johan", "linnea", "lars", "sofie", "hanna"}

DRILL_MESSAGE = (
    "ÖVNING av larmkedjan. Ett påhittat batteribolag vill bygga en fabrik för 2 000 anställda i "
    "Skellefteå och vill ha besked om mark, el och kompetensförsörjning inom en vecka. Svara om ni "
    "sluter upp och vem som kommer till avstämningen kl. 13.00."
)
# Minutes after the alarm: organisation key, answer, who comes or why not, answered in the app by
# this user (else by the link in the e-mail, by the person who got it).
ANSWERS = [
    (2, "region_vb", Response.MOBILISING, "Erik Holmström", None),
    (3, "af", Response.MOBILISING, "Fatima Karimi och Henrik Dahl", "kontakt"),
    (4, "skelleftea", Response.MOBILISING, "Johan Nyström och Sara Berglund", "tjansteman"),
    (5, "yh_norrsken", Response.MOBILISING, "Robert Marklund", None),
    (6, "lst_vb", Response.MOBILISING, "Per Wikström", None),
    (8, "umu", Response.DECLINED,
     "Ingen med mandat kan delta i dag; vi läser lägesbilden och återkommer i morgon förmiddag.", None),
    (9, "komvux_ske", Response.MOBILISING, "Ingrid Nilsson", None),
]  # fmt: skip
# Umeå kommun's primary contact stays silent: at 10 minutes the deputy is alarmed, and answers.
ESCALATE_AT = 10
DEPUTY_ANSWER = (13, "umea", Response.MOBILISING, "Karl Lindqvist")
NOTES = [
    (7, "samordnare", Question.FACTS,
     "Effektbehov, markbehov och tidplan för byggstart; bolaget har lovat underlag före mötet."),
    (12, "kontakt", Question.ACTORS,
     "Arbetsförmedlingen tar kontakt med YH-anordnarna om en gemensam rekryteringsträff."),
]  # fmt: skip
CLOSE_AT = 35
CLOSE_NOTE = (
    "Övningen avslutad. Sju av åtta organisationer svarade inom tio minuter; Umeå kommun nåddes via "
    "ersättaren. Umeå universitet saknar ersättare i larmlistan: åtgärdas före nästa övning."
)


def seed_alarms(*, users, orgs, people, case=None) -> None:
    """Rosters for the three demo regions and the finished drill; does nothing if they exist."""
    if RosterEntry.objects.filter(roster__region__code__in=REGION_CODES).exists():
        return
    admin = users["admin"]
    people = {**people, **_deputies(admin, orgs)}
    for code, rows in ROSTERS.items():
        coordinator = users[COORDINATORS[code]]
        region = orgs[rows[0][0]].region
        roster = roster_for(region)
        if code == "21":
            roster.deputy_after_minutes, roster.coordinator_after_minutes = 15, 15
            roster.max_repeats, roster.auto_close_hours = 1, 48
            roster_policy_save(user=coordinator, roster=roster)
        for org_key, primary_key, deputy_key in rows:
            entry = RosterEntry(
                roster=roster,
                organisation=orgs[org_key],
                primary=people[primary_key],
                deputy=people[deputy_key] if deputy_key else None,
            )
            roster_entry_save(user=coordinator, entry=entry)
            # On the roster, the person's channels are the region's coordinator's to maintain.
            for key in (primary_key, deputy_key):
                if key and not Channel.objects.filter(person=people[key]).exists():
                    _channels(people[key], key, coordinator)
    # After the roster was made, Komvux Gävle's deputy changed school: the check notices.
    moved = people["per_olof"]
    moved.organisation = orgs["gy_gavle"]
    person_save(user=admin, person=moved, reason="Bytt arbetsplats")
    _drill(users=users, orgs=orgs, people=people)


def _deputies(admin, orgs) -> dict[str, Person]:
    made = {}
    for key, (name, title, org_key) in DEPUTIES.items():
        email = email_for(name, ORGANISATIONS[org_key].domain)
        person = Person(name=name, title=title, organisation=orgs[org_key], email=email)
        made[key] = person_save(user=admin, person=person, reason="Demodata: ersättare i larmlistan")
    return made


def _channels(person: Person, key: str, coordinator) -> None:
    """The person's channels, saved by the person themself when they have an account (their own
    preferences), else by the region's coordinator."""
    kinds = CHANNELS.get(key) or [("email", "")] + ([("inapp", "")] if key in IN_APP_USERS else [])
    by = person.user or coordinator
    for kind, target in kinds:
        target = person.email if kind == "email" else target
        channel_save(user=by, channel=Channel(person=person, kind=kind, target=target))


def _drill(*, users, orgs, people) -> Alarm:
    coordinator = users["samordnare"]
    local = timezone.localtime(timezone.now() - timedelta(days=14))
    raised = local.replace(hour=9, minute=30, second=0, microsecond=0)
    at = lambda minutes: raised + timedelta(minutes=minutes)  # noqa: E731
    alarm = alarm_raise(
        user=coordinator,
        municipality=orgs["skelleftea"].municipality,
        kind=AlarmKind.DRILL,
        message=DRILL_MESSAGE,
        now=raised,
    )
    _deliver(alarm, raised)
    recipients = {r.organisation_id: r for r in alarm.recipients.select_related("primary", "deputy")}
    for minutes, org_key, response, text, username in ANSWERS:
        recipient = recipients[orgs[org_key].pk]
        by = {"user": users[username]} if username else {"person": recipient.primary}
        _answer(recipient, response, text, at(minutes), **by)
        if username:
            Notification.objects.filter(alarm=alarm, user=users[username]).update(read_at=at(minutes))
    for minutes, username, question, text in NOTES:
        note = note_add(user=users[username], alarm=alarm, question=question, text=text)
        FirstResponseNote.objects.filter(pk=note.pk).update(created_at=at(minutes))
        event = AlarmEvent.objects.filter(alarm=alarm, kind=EventKind.NOTE).latest("pk")
        AlarmEvent.objects.filter(pk=event.pk).update(at=at(minutes))
    escalate_due(now=at(ESCALATE_AT))
    _deliver(alarm, at(ESCALATE_AT))
    minutes, org_key, response, text = DEPUTY_ANSWER
    recipient = recipients[orgs[org_key].pk]
    _answer(recipient, response, text, at(minutes), person=recipient.deputy)
    return alarm_close(alarm=alarm, user=coordinator, note=CLOSE_NOTE, now=at(CLOSE_AT))


def _answer(recipient: Recipient, response: str, text: str, when, **by) -> None:
    who_comes, reason = (text, "") if response == Response.MOBILISING else ("", text)
    recipient_answer(
        recipient=recipient, response=response, who_comes=who_comes, reason=reason, now=when, **by
    )


def _deliver(alarm: Alarm, when) -> None:
    """Send what is queued now, as it would have gone at ``when`` (a few seconds later); the in-app
    messages, written at the raise, are dated back with the rest."""
    undated = Q(kind=ChannelKind.INAPP, sent_at=alarm.raised_at)
    ids = list(alarm.deliveries.filter(Q(state=Delivery.State.QUEUED) | undated).values_list("pk", flat=True))
    with override_settings(EMAIL_BACKEND="django.core.mail.backends.dummy.EmailBackend"):
        for pk in ids:
            deliver(pk)
    sent = when + timedelta(seconds=4)
    delivered = Delivery.objects.filter(pk__in=ids, state=Delivery.State.SENT)
    delivered.update(claimed_at=when + timedelta(seconds=1), sent_at=sent)
    Notification.objects.filter(delivery_id__in=ids).update(created_at=sent)
    Recipient.objects.filter(pk__in=delivered.values("recipient_id")).filter(
        Q(first_delivered_at__gt=sent + timedelta(minutes=1)) | Q(first_delivered_at=alarm.raised_at)
    ).update(first_delivered_at=sent)
