"""Alarms of the scale data: N/10 alarms over the last two years, in every region, with what the
chain recorded for each (``alarms.raising``, ``alarms.escalation``, ``alarms.answering``), in bulk.

Three in four are raised in the demo's regions, the rest in the others, in turn; most are about an
establishment (linked to one of the region's new cases where there is one), some are notices of
closure, some drills. Nine in ten are closed, by the region's coordinator within hours or on their
own when their time was up; the open ones were raised within the last two days. Every organisation on
the region's roster is a recipient; the outbox rows are the ones the chain writes
(``alarms.delivery.services.person_deliveries`` and ``coordinator_deliveries``), to the primary
contact, then (without an answer) to the deputy, to the region's coordinators and again, as far as
the alarm's policy goes. Almost all were delivered a few seconds after they were written; a few
e-mails failed. Most organisations answered within minutes, in the app or by the link in the message;
some declined, and some never answered. The in-app messages are in their users' inboxes, most read.
"""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.utils import translation
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from alarms.core.models import Alarm, AlarmEvent, AlarmKind, EventKind, Question, Recipient, Response, Step
from alarms.delivery import services as delivery_services
from alarms.delivery.messages import render_message
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.raising.models import FirstResponseNote
from alarms.rosters.models import ChannelKind, Roster
from alarms.rosters.reachability import working_channels
from alarms.rosters.selectors import roster_entries_for_raise
from demo.data.organisations import REGION_CODES
from demo.scale_history import Version, insert

MESSAGES = {
    AlarmKind.ESTABLISHMENT: (
        "Ett bolag vill etablera {what} med omkring {jobs} anställda i {place} och vill ha besked om mark, "
        "el och kompetensförsörjning inom en vecka. Svara om ni sluter upp och vem som kommer till "
        "avstämningen i morgon kl. 9."
    ),
    AlarmKind.CLOSURE: (
        "Ett av de största industriföretagen i {place} varslar omkring {jobs} anställda. Svara om ni sluter "
        "upp och vem som kommer till avstämningen om omställningsinsatser i morgon kl. 13."
    ),
    AlarmKind.DRILL: (
        "ÖVNING av larmkedjan. Ett påhittat bolag vill bygga {what} för {jobs} anställda i {place}. "
        "Svara om ni sluter upp och vem som kommer till avstämningen."
    ),
}
WHAT = ["en battericellsfabrik", "ett datacenter", "en vätgasanläggning", "ett stålverk", "ett logistiknav"]
CLOSE_NOTES = [
    "Alla viktiga aktörer har svarat; fortsatt arbete i ärendet.",
    "Avstämningen hölls; bolaget återkommer med underlag.",
    "Övningen avslutad. Några organisationer behöver se över sina ersättare.",
]
DECLINES = [
    "Ingen med mandat kan delta i dag; vi läser lägesbilden och återkommer i morgon.",
    "Vi har ingen som kan frågan just nu; hör av er till ersättaren nästa vecka.",
]
NOTES = [
    (Question.FACTS, "Effektbehov, markbehov och tidplan för byggstart; bolaget har lovat underlag."),
    (Question.ACTORS, "Arbetsförmedlingen och utbildningsanordnarna behöver vara med från start."),
    (Question.ROUTES, "Kommunens näringslivschef är första kontakt; regionen tar kompetensfrågorna."),
    (Question.START, "Ett första möte med bolaget inom en vecka, med kommunen som värd."),
]
FAILED = "Mottagarens e-postserver svarade inte."


def seed(plans, count: int, *, directory, users, history, now) -> int:
    """Raise ``count`` alarms as they would have gone; returns how many."""
    d = directory
    others = sorted(code for code in d.regions if code not in REGION_CODES)
    rosters = {r.region_id: r for r in Roster.objects.all()}
    entries = {code: roster_entries_for_raise(d.regions[code]) for code in d.regions}
    coordinators = delivery_services.coordinators_by_region({r.pk for r in d.regions.values()})
    cases = {}
    for p in plans:
        if p.case.confidentiality != "konfidentiell":
            cases.setdefault(p.region_code, []).append(p.case)
    officials = {u.municipality_id: u for u in users.values() if u.municipality_id}

    alarms = []
    first = Alarm.objects.count()  # numbered on from the alarms already there, as the cases are
    for i in range(first, first + count):
        code = REGION_CODES[i % 3] if i % 4 != 3 else others[(i // 4) % len(others)]
        if not entries[code]:
            continue
        region = d.regions[code]
        municipalities = d.municipalities[code]
        municipality = municipalities[(i // 4) % len(municipalities)]
        kind = [AlarmKind.ESTABLISHMENT] * 7 + [AlarmKind.CLOSURE, AlarmKind.DRILL, AlarmKind.DRILL]
        kind = kind[(i * 3) % 10]
        is_open = i % 10 == 2
        if is_open:
            raised = now - timedelta(hours=3 + (i * 7) % 38, minutes=i % 50)
        else:
            raised = now - timedelta(days=3 + (i * 37) % 720, hours=(i * 5) % 9)
            raised = raised.replace(hour=8 + i % 9)
        raiser = officials.get(municipality.pk) if i % 2 else None
        raiser = raiser or d.coordinator[code]
        case = None
        if kind == AlarmKind.ESTABLISHMENT:
            candidates = [
                c for c in cases.get(code, [])
                if c.created_at < raised and (raiser.municipality_id in (None, c.lead_municipality_id))
            ]  # fmt: skip
            case = candidates[i % len(candidates)] if candidates else None
            if case is not None:
                municipality = case.lead_municipality
        roster = rosters[region.pk]
        alarm = Alarm(
            region=region,
            municipality=municipality,
            kind=kind,
            message=MESSAGES[kind].format(
                what=WHAT[i % len(WHAT)], jobs=200 + (i * 97) % 3000, place=municipality
            ),
            case=case,
            raised_by=raiser,
            raised_at=raised,
            closes_at=raised + timedelta(hours=roster.auto_close_hours),
            deputy_after_minutes=roster.deputy_after_minutes,
            coordinator_after_minutes=roster.coordinator_after_minutes,
            max_repeats=roster.max_repeats,
        )
        alarms.append((alarm, code, is_open))

    with translation.override(settings.LANGUAGE_CODE):
        return _raise_all(alarms, entries, coordinators, d, history=history, now=now)


def _raise_all(alarms, entries, coordinators, d, *, history, now) -> int:
    pairs = []
    for i, (alarm, code, is_open) in enumerate(alarms):
        raised = alarm.raised_at
        versions = [Version(raised, alarm.raised_by_id, _("Alarm raised"), {"state": Alarm.State.OPEN})]
        if not is_open:
            automatic = i % 10 == 6
            alarm.state = Alarm.State.CLOSED
            if automatic:
                alarm.closed_at, alarm.closed_by = alarm.closes_at, None
            else:
                alarm.closed_at = raised + timedelta(minutes=35 + (i * 23) % 300)
                alarm.closed_by = d.coordinator[code]
                alarm.close_note = CLOSE_NOTES[2 if alarm.is_drill else i % 2]
            versions[0].values |= {"closed_at": None, "closed_by_id": None, "close_note": ""}
            reason = _("Closed automatically") if automatic else _("Closed")
            versions.append(
                Version(alarm.closed_at, alarm.closed_by_id, reason, {"state": Alarm.State.CLOSED})
            )
        pairs.append((alarm, versions))
    insert(history, Alarm, pairs)

    recipients = []
    for alarm, code, _open in alarms:
        for position, entry in enumerate(entries[code], start=1):
            recipient = Recipient(
                alarm=alarm,
                organisation=entry.organisation,
                primary=entry.primary,
                deputy=entry.deputy,
                position=position,
            )
            recipient._entry = entry
            recipients.append(recipient)

    # The chain runs before the recipients are inserted, so each is inserted as it ended; the outbox
    # keys name the recipient, and are completed once it has its key.
    deliveries, events, notes = [], [], []
    by_alarm: dict[int, list[Recipient]] = {}
    for recipient in recipients:
        by_alarm.setdefault(recipient.alarm.pk, []).append(recipient)
    for i, (alarm, code, _open) in enumerate(alarms):
        mine = by_alarm.get(alarm.pk, [])
        events.append(
            AlarmEvent(
                alarm=alarm,
                at=alarm.raised_at,
                kind=EventKind.RAISED,
                user=alarm.raised_by,
                text=ngettext("%(count)d organisation alarmed", "%(count)d organisations alarmed", len(mine))
                % {"count": len(mine)},
            )
        )
        for recipient in mine:
            made, happened = _chain(alarm, recipient, coordinators.get(alarm.region_id, []), d, i)
            deliveries += made
            events += happened
        if alarm.closed_at is not None:
            events.append(
                AlarmEvent(
                    alarm=alarm,
                    at=alarm.closed_at,
                    kind=EventKind.CLOSED,
                    user=alarm.closed_by,
                    text=alarm.close_note
                    or ("" if alarm.closed_by else _("Closed automatically when its time was up.")),
                )
            )
        notes += _notes(alarm, code, mine, d, i)
    Recipient.objects.bulk_create(recipients, batch_size=1000)
    for delivery in deliveries:
        delivery.key = delivery.key.replace("-rNone-", f"-r{delivery._recipient.pk}-", 1)
    Delivery.objects.bulk_create(deliveries, batch_size=1000)
    Notification.objects.bulk_create(_notifications(deliveries), batch_size=500)
    if notes:
        insert(
            history,
            FirstResponseNote,
            [(note, [Version(note.created_at, note.user_id, "")]) for note in notes],
        )
        events += [
            AlarmEvent(
                alarm_id=note.alarm_id, at=note.created_at, kind=EventKind.NOTE, user_id=note.user_id,
                text=f"{note.get_question_display()} {note.text}"[:1000],
            )
            for note in notes
        ]  # fmt: skip
    AlarmEvent.objects.bulk_create(events, batch_size=2000)
    return len(alarms)


def _chain(alarm: Alarm, recipient: Recipient, coordinators: list, d, i: int):
    """The recipient's deliveries and timeline: alarmed, escalated while silent, answered (or not)."""
    raised, entry = alarm.raised_at, recipient._entry
    luck = (i * 7 + recipient.position * 13) % 20
    if luck < 13:
        answer, after = Response.MOBILISING, 2 + (i + recipient.position) % 7
    elif luck < 15:
        answer, after = Response.MOBILISING, alarm.deputy_after_minutes + 1 + recipient.position % 5
    elif luck < 17:
        answer, after = Response.DECLINED, 3 + recipient.position % 9
    else:
        answer, after = Response.PENDING, None
    stop = raised + timedelta(minutes=after) if after is not None else alarm.closed_at
    deputy_reachable = entry.deputy is not None and bool(working_channels(entry.deputy))
    deliveries, events = [], []

    def send(batch, at):
        for n, delivery in enumerate(batch):
            delivery.alarm = alarm  # the message names the alarm's place and raiser
            delivery.created_at = delivery.queued_at = at
            delivery.claimed_at = at + timedelta(seconds=1)
            delivery.attempts = 1
            if delivery.kind == ChannelKind.EMAIL and (i + recipient.position + n) % 41 == 0:
                delivery.state, delivery.error, delivery.attempts = Delivery.State.FAILED, FAILED, 3
                events.append(
                    AlarmEvent(
                        alarm=alarm, at=at + timedelta(minutes=3), kind=EventKind.FAILED, recipient=recipient,
                        person=delivery.person, text=f"{delivery.get_kind_display()}: {FAILED}",
                    )
                )  # fmt: skip
            else:
                delivery.state = Delivery.State.SENT
                delivery.sent_at = at + timedelta(seconds=0 if delivery.kind == ChannelKind.INAPP else 4)
            delivery._recipient = recipient
            deliveries.append(delivery)

    if working_channels(entry.primary):
        step, wait = Step.PRIMARY, alarm.deputy_after_minutes
        send(delivery_services.person_deliveries(recipient, entry.primary, Step.PRIMARY, 0, raised), raised)
    elif deputy_reachable:
        step, wait = Step.DEPUTY, alarm.coordinator_after_minutes
        send(delivery_services.person_deliveries(recipient, entry.deputy, Step.DEPUTY, 0, raised), raised)
        recipient.escalated_at = raised
    else:
        step, wait = Step.COORDINATOR, alarm.deputy_after_minutes
        send(delivery_services.coordinator_deliveries(recipient, coordinators, 0, raised), raised)
        recipient.escalated_at = raised
    round_, at = 0, raised
    while True:
        at = at + timedelta(minutes=wait)
        if stop is not None and at >= stop:
            break
        if step == Step.PRIMARY and round_ == 0 and deputy_reachable:
            step, wait = Step.DEPUTY, alarm.coordinator_after_minutes
            batch = delivery_services.person_deliveries(recipient, entry.deputy, Step.DEPUTY, round_, at)
            text = _("To the deputy, %(name)s") % {"name": entry.deputy.name}
        elif step != Step.COORDINATOR:
            step, wait = Step.COORDINATOR, alarm.deputy_after_minutes
            batch = delivery_services.coordinator_deliveries(recipient, coordinators, round_, at)
            text = _("To the region's coordinators (%(count)d)") % {"count": len(coordinators)}
        elif round_ < alarm.max_repeats:
            round_ += 1
            step, wait = (Step.DEPUTY if deputy_reachable else Step.PRIMARY), alarm.coordinator_after_minutes
            batch = delivery_services.person_deliveries(recipient, entry.primary, Step.PRIMARY, round_, at)
            if deputy_reachable:
                batch += delivery_services.person_deliveries(recipient, entry.deputy, Step.DEPUTY, round_, at)
            text = _("Repeat %(round)d of %(max)d: again to the primary contact and the deputy") % {
                "round": round_,
                "max": alarm.max_repeats,
            }
        else:
            events.append(AlarmEvent(alarm=alarm, at=at, kind=EventKind.EXHAUSTED, recipient=recipient))
            break
        send(batch, at)
        recipient.escalated_at = at
        events.append(
            AlarmEvent(alarm=alarm, at=at, kind=EventKind.ESCALATED, recipient=recipient, text=text)
        )
    recipient.step, recipient.round, recipient.next_step_at = step, round_, None
    sent = [dl.sent_at for dl in deliveries if dl.sent_at]
    recipient.first_delivered_at = min(sent) if sent else None
    if answer != Response.PENDING:
        _answer(alarm, recipient, answer, raised + timedelta(minutes=after), step, d, i, events)
    return deliveries, events


def _answer(alarm, recipient, answer, at, step, d, i, events) -> None:
    """In the app by the organisation's own user every other time, else by the link in the message,
    by the person it went to last."""
    user = d.org_user.get(recipient.organisation_id)
    person = recipient.deputy if step == Step.DEPUTY and recipient.deputy else recipient.primary
    if user is not None and (i + recipient.position) % 2 == 0:
        recipient.responded_by_user, person = user, None
    else:
        recipient.responded_by_person = person
    name = person.name if person is not None else str(user)
    recipient.response, recipient.responded_at = answer, at
    if answer == Response.MOBILISING:
        recipient.who_comes = name
    else:
        recipient.reason = DECLINES[(i + recipient.position) % len(DECLINES)]
    events.append(
        AlarmEvent(
            alarm=alarm,
            at=at,
            kind=EventKind.MOBILISING if answer == Response.MOBILISING else EventKind.DECLINED,
            recipient=recipient,
            user=recipient.responded_by_user,
            person=recipient.responded_by_person,
            text=recipient.who_comes or recipient.reason,
        )
    )


def _notes(alarm, code, recipients, d, i) -> list[FirstResponseNote]:
    """One or two contributions to the first-response checklist: by the coordinator, and by
    Arbetsförmedlingen's user where it was alarmed."""
    made = []
    ends = alarm.closed_at or alarm.raised_at + timedelta(hours=1)
    coordinator = d.coordinator[code]
    question, text = NOTES[i % len(NOTES)]
    made.append(
        FirstResponseNote(
            alarm=alarm, question=question, text=text, organisation_id=coordinator.organisation_id,
            user=coordinator, created_at=min(ends, alarm.raised_at + timedelta(minutes=7)),
        )
    )  # fmt: skip
    contact = d.org_user.get(d.af.pk)
    if i % 3 == 0 and contact is not None and any(r.organisation_id == d.af.pk for r in recipients):
        question, text = NOTES[(i + 1) % len(NOTES)]
        made.append(
            FirstResponseNote(
                alarm=alarm, question=question, text=text, organisation_id=contact.organisation_id,
                user=contact, created_at=min(ends, alarm.raised_at + timedelta(minutes=12)),
            )
        )  # fmt: skip
    return made


def _notifications(deliveries: list[Delivery]) -> list[Notification]:
    """The inbox message of every in-app delivery that went out, most of them read."""
    made = []
    for n, delivery in enumerate(deliveries):
        if delivery.kind != ChannelKind.INAPP or delivery.state != Delivery.State.SENT:
            continue
        message = render_message(delivery)
        recipient = delivery._recipient
        read = max(recipient.responded_at or delivery.sent_at, delivery.sent_at) + timedelta(
            minutes=1 + n % 20
        )
        made.append(
            Notification(
                user_id=delivery.user_id,
                alarm_id=delivery.alarm_id,
                delivery=delivery,
                title=message.subject,
                body=message.body,
                created_at=delivery.sent_at,
                read_at=None if n % 6 == 0 else read,
            )
        )
    return made
