"""Erasing one person's (and their user account's) personal data on request (GDPR art. 17), while
what the cases and alarms need stays true: "a contact of Region X answered at 10:42".

What happens, in one transaction:

- **replaced**: the registry entry's name (by "Raderad person <id>"), title, e-mail and phone, in the
  entry and in every earlier version of it; the account's user name (by "raderad-<id>"), names and
  e-mail, in the account and every earlier version; the name in the Django admin's log; their name,
  e-mail or phone where they wrote it into their alarm answers, timeline entries and first-response
  notes, and where a signal names them as its contact person (in the signal and its earlier versions);
- **deleted**: their alarm channels (and the addresses in the channels' history), second-factor
  devices, inbox messages, calendar feeds, login records under their user name;
- **emptied**: the address of every alarm message sent to them (the delivery keeps its state and times);
- **ended**: their roles (valid to today), their place as a deputy in others' roles and on rosters, and
  as the contact of open assessment rounds (whose personal link stops working); the account is
  deactivated (its grants re-checked and revoked, ``establishments.access``) and every session ends;
- **kept**, pointing at the erased entry, which keeps its organisation: the alarms' answers and
  timelines, the cases' records naming them (contacts, routes, owners), the history they wrote, the
  view log, the audit events. They are the authority's records (*allmänna handlingar*).

Refused while the person is the contact of an organisation that has not yet answered an open alarm
(the chain would lose them halfway: wait until it is answered or closed), while the account is the
coordinator or deputy of a case (someone else is appointed first, as for any deactivation), and for
one's own account. The answer links in messages are signed, not stored: with the channels gone they
no longer answer (``policy.can_answer_by_link``).
"""

from __future__ import annotations

import re
import secrets
from dataclasses import dataclass, field

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.contrib.admin.models import LogEntry
from django.contrib.contenttypes.models import ContentType
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, gettext_noop, ngettext
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy
from accounts.models import AuditEvent, User
from accounts.services import user_set_active
from actors.models import Person, Role
from alarms.core.models import Alarm, AlarmEvent, Recipient, Response
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.raising.models import FirstResponseNote
from alarms.rosters.models import Channel, RosterEntry
from checklist.models import Participant, RegionalAction
from establishments.models import CaseMember, CaseViewLog, EstablishmentCase, Signal
from workspace.journal.models import FollowUp
from workspace.plan.models import Action, CalendarFeed
from workspace.routes.models import ContactRoute, RouteStep

from .export import subject_of

REASON = gettext_noop("Personal data erased")


def erased_name(person: Person) -> str:
    # Stored data, not the interface: in the default language, like the registry itself.
    return f"Raderad person {person.pk}"


def erased_username(user: User) -> str:
    return f"raderad-{user.pk}"


@dataclass(frozen=True)
class Line:
    label: str
    count: int


@dataclass
class Plan:
    """What an erasure would do, with counts, and why it may not be done now (``blockers``)."""

    person: Person | None
    user: User | None
    replaced: list[Line] = field(default_factory=list)
    deleted: list[Line] = field(default_factory=list)
    ended: list[Line] = field(default_factory=list)
    kept: list[Line] = field(default_factory=list)
    blockers: list[str] = field(default_factory=list)

    @property
    def subject_id(self) -> str:
        return str(self.person.pk if self.person else self.user.pk)

    @property
    def subject_name(self) -> str:
        return self.person.name if self.person else self.user.username

    def confirms(self, text: str) -> bool:
        """The administrator typed the id or the name (case and spaces aside)."""
        typed = " ".join((text or "").split()).casefold()
        return bool(typed) and typed in {self.subject_id, " ".join(self.subject_name.split()).casefold()}


def _current_roles(qs):
    today = timezone.localdate()
    return qs.filter(Q(valid_to__isnull=True) | Q(valid_to__gt=today))


def _open_pending(person: Person):
    """The organisations the person is the contact of in an open alarm that have not answered yet."""
    return Recipient.objects.filter(
        Q(primary=person) | Q(deputy=person), alarm__state=Alarm.State.OPEN, response=Response.PENDING
    )


def _phone_pattern(phone: str) -> str | None:
    """A Swedish number however it was typed: "070-111 22 33", "0701112233", "+46 70 111 22 33"."""
    digits = re.sub(r"\D", "", phone)
    for prefix in ("0046", "46", "0"):
        if digits.startswith(prefix):
            rest = digits[len(prefix) :]
            break
    else:
        return "[ -]*".join(digits) if len(digits) >= 6 else None
    if len(rest) < 5:
        return None
    return "(\\+46|0046|0)[ -]*(\\(0\\))?[ -]*" + "[ -]*".join(rest)


def _personal_patterns(person: Person | None, user: User | None) -> list[str]:
    """What identifies them in free text they wrote, as patterns (the same for Python and the
    database, ``__iregex``): the full name, e-mail, user name, and the phone number in any spelling."""
    texts, patterns = [], []
    if person is not None:
        texts += [person.name, person.email]
        if person.phone and (pattern := _phone_pattern(person.phone)):
            patterns.append(pattern)
    if user is not None:
        texts += [user.get_full_name(), user.email, user.username]
    texts = sorted({t.strip() for t in texts if t and len(t.strip()) >= 3}, key=len, reverse=True)
    return [re.escape(t).replace("\\ ", " ") for t in texts] + patterns


def _scrub(text: str, patterns: list[str], replacement: str) -> str:
    for pattern in patterns:
        text = re.sub(pattern, replacement, text, flags=re.IGNORECASE)
    return text


def _mentions(field_name: str, patterns: list[str]) -> Q:
    q = Q(pk__in=[])
    for pattern in patterns:
        q |= Q(**{f"{field_name}__iregex": pattern})
    return q


def _by_subject(person, user, person_fields=(), user_fields=()) -> Q:
    q = Q(pk__in=[])
    for name in person_fields if person is not None else ():
        q |= Q(**{name: person})
    for name in user_fields if user is not None else ():
        q |= Q(**{name: user})
    return q


def _admin_log(person, user):
    q = Q(pk__in=[])
    if person is not None:
        q |= Q(content_type=ContentType.objects.get_for_model(Person), object_id=str(person.pk))
    if user is not None:
        q |= Q(content_type=ContentType.objects.get_for_model(User), object_id=str(user.pk))
    return LogEntry.objects.filter(q)


def _login_records(user):
    if user is None:
        return []
    return [
        model.objects.filter(username__iexact=user.username)
        for model in (AccessAttempt, AccessFailureLog, AccessLog)
    ]


def erasure_plan(*, by, person: Person | None = None, user: User | None = None) -> Plan:
    """What ``erase`` would replace, delete, end and keep, counted (one query a line), and what
    stands in its way."""
    person, user = subject_of(person=person, user=user)
    plan = Plan(person, user)
    patterns = _personal_patterns(person, user)
    answers = Recipient.objects.filter(
        _by_subject(person, user, ["responded_by_person"], ["responded_by_user"])
    )
    events = AlarmEvent.objects.filter(_by_subject(person, user, ["person"], ["user"]))
    notes = FirstResponseNote.objects.filter(_by_subject(person, user, [], ["user"]))
    if person is not None:
        plan.replaced += [
            Line(gettext_lazy("The registry entry: name, title, e-mail, phone"), 1),
            Line(
                gettext_lazy("Earlier versions of the registry entry"),
                Person.history.filter(id=person.pk).count(),
            ),
        ]
    if user is not None:
        plan.replaced += [
            Line(gettext_lazy("The user account: user name, names, e-mail"), 1),
            Line(
                gettext_lazy("Earlier versions of the user account"), User.history.filter(id=user.pk).count()
            ),
        ]
    plan.replaced += [
        Line(gettext_lazy("Entries in the Django admin's log naming them"), _admin_log(person, user).count()),
        Line(
            gettext_lazy("Alarm answers, timeline entries and first-response notes that mention them"),
            answers.filter(_mentions("who_comes", patterns) | _mentions("reason", patterns)).count()
            + events.filter(_mentions("text", patterns)).count()
            + notes.filter(_mentions("text", patterns)).count(),
        ),
        Line(
            gettext_lazy("Signals naming them as contact person (and the signals' earlier versions)"),
            Signal.objects.filter(_mentions("caller", patterns)).count(),
        ),
    ]
    if person is not None:
        plan.deleted.append(
            Line(gettext_lazy("Alarm channels"), Channel.objects.filter(person=person).count())
        )
    if user is not None:
        plan.deleted += [
            Line(
                gettext_lazy("Second-factor devices"),
                TOTPDevice.objects.filter(user=user).count() + StaticDevice.objects.filter(user=user).count(),
            ),
            Line(
                gettext_lazy("Messages in the in-app inbox"), Notification.objects.filter(user=user).count()
            ),
            Line(gettext_lazy("Calendar feeds"), CalendarFeed.objects.filter(user=user).count()),
            Line(gettext_lazy("Login records"), sum(qs.count() for qs in _login_records(user))),
        ]
    plan.deleted.append(
        Line(
            gettext_lazy("Addresses of the alarm messages sent to them (state and times stay)"),
            Delivery.objects.filter(_by_subject(person, user, ["person"], ["user"]))
            .exclude(target="")
            .count(),
        )
    )
    if person is not None:
        plan.ended += [
            Line(
                gettext_lazy("Current roles (they end today)"),
                _current_roles(Role.objects.filter(person=person)).count(),
            ),
            Line(
                gettext_lazy("Places as deputy in others' current roles"),
                _current_roles(Role.objects.filter(deputy=person)).count(),
            ),
            Line(
                gettext_lazy("Places as deputy on alarm rosters"),
                RosterEntry.objects.filter(deputy=person).count(),
            ),
            Line(
                gettext_lazy(
                    "Places as the contact of open assessment rounds (their personal link stops working)"
                ),
                Participant.objects.filter(contact=person, round__closed_at__isnull=True).count(),
            ),
        ]
    if user is not None:
        plan.ended.append(Line(gettext_lazy("The account: deactivated, every session ended"), 1))
    plan.kept += [
        Line(gettext_lazy("Alarm answers they gave (the organisation answered, and when)"), answers.count()),
        Line(gettext_lazy("Alarm timeline entries naming them"), events.count()),
    ]
    if person is not None:
        plan.kept += [
            Line(
                gettext_lazy(
                    "Places as primary contact on alarm rosters: appoint someone else on the roster"
                ),
                RosterEntry.objects.filter(primary=person).count(),
            ),
            Line(
                gettext_lazy(
                    "Case records naming them: contacts on actor maps, contact routes, owners of actions"
                ),
                CaseMember.objects.filter(Q(contact=person) | Q(deputy_contact=person)).count()
                + ContactRoute.objects.filter(first_contact=person).count()
                + RouteStep.objects.filter(person=person).count()
                + Action.objects.filter(owner_person=person).count()
                + FollowUp.objects.filter(owner_person=person).count()
                + RegionalAction.objects.filter(owner_person=person).count(),
            ),
        ]
    if user is not None:
        plan.kept.append(
            Line(
                gettext_lazy("Views of confidential cases (the view log)"),
                CaseViewLog.objects.filter(user=user).count(),
            )
        )
    # What stands in the way.
    if person is not None and (pending := _open_pending(person).count()):
        plan.blockers.append(
            ngettext(
                "The person is the contact of %(count)d organisation that has not yet answered an open "
                "alarm. Erase once the alarm is answered or closed, so the chain does not lose them halfway.",
                "The person is the contact of %(count)d organisations that have not yet answered an open "
                "alarm. Erase once the alarm is answered or closed, so the chain does not lose them halfway.",
                pending,
            )
            % {"count": pending}
        )
    if user is not None and by is not None and user.pk == by.pk:
        plan.blockers.append(_("You cannot erase your own account: ask another administrator."))
    if user is not None and (
        teams := EstablishmentCase.objects.filter(Q(coordinator=user) | Q(deputy=user)).count()
    ):
        plan.blockers.append(
            ngettext(
                "The account is the coordinator or deputy of %(count)d case. Ask the case's coordinator "
                "to appoint someone else first.",
                "The account is the coordinator or deputy of %(count)d cases. Ask the cases' coordinators "
                "to appoint someone else first.",
                teams,
            )
            % {"count": teams}
        )
    return plan


def _save(obj, by) -> None:
    """Save with history naming who erased, and why (stored untranslated, read translated)."""
    obj._history_user = by
    obj._change_reason = REASON
    obj.save()


@transaction.atomic
def erase(*, by, confirmation: str, person: Person | None = None, user: User | None = None) -> dict[str, int]:
    """Erase the subject's personal data (the module says what, and what stays); the counts are
    recorded as a ``PERSON_ERASED`` event, without a name or an address."""
    if not policy.can_manage_personal_data(by):
        raise PermissionDenied
    person, user = subject_of(person=person, user=user)
    if person is not None:
        person = Person.objects.select_for_update().get(pk=person.pk)
    if user is not None:
        user = User.objects.select_for_update().get(pk=user.pk)
    plan = erasure_plan(by=by, person=person, user=user)
    if plan.blockers:
        raise ValidationError(plan.blockers)
    if not plan.confirms(confirmation):
        raise ValidationError(
            {"confirmation": _("Type the id or the name exactly as shown to confirm. Nothing was erased.")}
        )
    patterns = _personal_patterns(person, user)
    label = erased_name(person) if person is not None else erased_username(user)
    counts: dict[str, int] = {}
    today = timezone.localdate()

    if user is not None and user.is_active:
        # The one way an account is deactivated: its grants and case roles are re-checked.
        user_set_active(by=by, user=user, active=False)

    # Free text they wrote into alarms.
    texts = 0
    for recipient in Recipient.objects.filter(
        _by_subject(person, user, ["responded_by_person"], ["responded_by_user"])
    ):
        who_comes, reason = (
            _scrub(recipient.who_comes, patterns, label),
            _scrub(recipient.reason, patterns, label),
        )
        if (who_comes, reason) != (recipient.who_comes, recipient.reason):
            Recipient.objects.filter(pk=recipient.pk).update(who_comes=who_comes, reason=reason)
            texts += 1
    for model, person_fields, user_fields in (
        (AlarmEvent, ["person"], ["user"]),
        (FirstResponseNote, [], ["user"]),
        (FirstResponseNote.history.model, [], ["user"]),
    ):
        for row in model.objects.filter(_by_subject(person, user, person_fields, user_fields)):
            text = _scrub(row.text, patterns, label)
            if text != row.text:
                model.objects.filter(pk=row.pk).update(text=text)
                texts += 1
    counts["texts"] = texts

    # A signal's contact person: the caller's name, phone or e-mail, typed when the call came in.
    callers = 0
    for model in (Signal, Signal.history.model):
        for row in model.objects.filter(_mentions("caller", patterns)):
            caller = _scrub(row.caller, patterns, label)
            if caller != row.caller:
                model.objects.filter(pk=row.pk).update(caller=caller)
                callers += model is Signal
    counts["signal_callers"] = callers

    deliveries = Delivery.objects.filter(_by_subject(person, user, ["person"], ["user"])).exclude(target="")
    counts["delivery_addresses"] = deliveries.update(target="")
    counts["admin_log"] = _admin_log(person, user).update(object_repr=label)

    if person is not None:
        roles = 0
        for role in _current_roles(Role.objects.filter(person=person)):
            role.valid_to = max(today, role.valid_from)
            _save(role, by)
            roles += 1
        counts["roles_ended"] = roles
        deputy_places = 0
        for role in _current_roles(Role.objects.filter(deputy=person)):
            role.deputy = None
            _save(role, by)
            deputy_places += 1
        for entry in RosterEntry.objects.filter(deputy=person):
            entry.deputy = None
            _save(entry, by)
            deputy_places += 1
        counts["deputy_places"] = deputy_places
        rounds = 0
        for participant in Participant.objects.filter(contact=person, round__closed_at__isnull=True):
            participant.contact = None
            _save(participant, by)
            rounds += 1
        counts["round_contacts"] = rounds
        channels = list(Channel.objects.filter(person=person))
        for channel in channels:
            channel._history_user = by
            channel._change_reason = REASON
            channel.delete()
        counts["channels"] = len(channels)
        Channel.history.filter(person=person).update(target="", last_failure="")
        person.name, person.title, person.email, person.phone = label, "", "", ""
        _save(person, by)
        counts["person_versions"] = Person.history.filter(id=person.pk).update(
            name=label, title="", email="", phone=""
        )
        # A reason typed for an earlier change may name them too ("New e-mail anna@…").
        Person.history.filter(Q(id=person.pk) & _mentions("history_change_reason", patterns)).update(
            history_change_reason=REASON
        )

    if user is not None:
        login_records = 0
        for qs in _login_records(user):
            login_records += qs.count()
            qs.delete()
        counts["login_records"] = login_records
        devices = [TOTPDevice.objects.filter(user=user), StaticDevice.objects.filter(user=user)]
        counts["second_factor_devices"] = sum(qs.count() for qs in devices)
        for qs in devices:
            qs.delete()  # a set of recovery codes takes its codes with it
        counts["notifications"] = Notification.objects.filter(user=user).delete()[0]
        counts["calendar_feeds"] = CalendarFeed.objects.filter(user=user).delete()[0]
        user.refresh_from_db()
        user.username = erased_username(user)
        user.first_name = user.last_name = user.email = ""
        user.is_active = False
        user.set_unusable_password()
        user.session_salt = secrets.token_hex(16)  # every session of theirs ends
        _save(user, by)
        counts["account_versions"] = User.history.filter(id=user.pk).update(
            username=user.username, first_name="", last_name="", email=""
        )
        User.history.filter(Q(id=user.pk) & _mentions("history_change_reason", patterns)).update(
            history_change_reason=REASON
        )

    AuditEvent.objects.create(
        kind=AuditEvent.Kind.PERSON_ERASED,
        by=by,
        user=user,
        person_id=person.pk if person is not None else None,
        detail=" ".join(f"{key}={value}" for key, value in counts.items())[:500],
    )
    return counts
