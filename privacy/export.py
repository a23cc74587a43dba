"""Everything Samhandla stores about one person or user, as one JSON document (the right of access,
GDPR art. 15, and data portability, art. 20).

Two parts:

- ``data``: the rows *about* them, in full (secrets left out: the password hash, the session salt,
  second-factor keys, calendar feed tokens): their registry entry and user account with every earlier
  version, roles, alarm channels and roster places, the alarms that named them with their answers,
  timeline entries and deliveries, inbox messages, first-response notes, checklist participations and
  the answers they gave, drill answers, the view log of confidential cases, grants, security and
  privacy events, second-factor devices, calendar feeds and login records;
- ``references``: every other row of any table that points at them (found by walking every foreign
  key to a person or a user, so a new table is covered without a change here): as the author of a
  case's record, the raiser of an alarm, the one who changed something in the history. Only where and
  when, not the record's content: that is the case's, which the exporting administrator may not be
  allowed to read (a confidential case), and no personal data of theirs.

One query per section and per foreign key, whatever the amount of data. Every export is recorded as a
``PERSON_EXPORTED`` event, without personal data.
"""

from __future__ import annotations

import json
from dataclasses import dataclass

from axes.models import AccessAttempt, AccessFailureLog, AccessLog
from django.apps import apps
from django.core.exceptions import PermissionDenied
from django.core.serializers.json import DjangoJSONEncoder
from django.db import models
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext_lazy as _
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from accounts import policy
from accounts.models import AuditEvent, User
from actors.models import Person, Role
from alarms.core.models import AlarmEvent, Recipient
from alarms.delivery.models import Delivery
from alarms.inbox.models import Notification
from alarms.raising.models import FirstResponseNote
from alarms.rosters.models import Channel, RosterEntry
from checklist.models import DrillAnswer, Participant, RoutineAnswer
from establishments.models import CaseUserObjectPermission, CaseViewLog, SignalUserObjectPermission
from workspace.plan.models import CalendarFeed

FORMAT = "samhandla-personal-data/1"
# Never exported, whoever asks: they would let the file's reader act as the person.
SECRET_FIELDS = {"password", "session_salt", "key", "token", "session_hash", "get_data", "post_data"}


@dataclass(frozen=True)
class Section:
    """Rows about the subject in one table: those whose ``person_fields`` name the person, whose
    ``user_fields`` name the user, or (``own``: "person" / "user") whose id is theirs (the record itself
    and its history)."""

    key: str
    about: str
    model: type[models.Model]
    person_fields: tuple[str, ...] = ()
    user_fields: tuple[str, ...] = ()
    own: str = ""


SECTIONS = [
    Section("person", _("The entry in the actor registry"), Person, user_fields=("user",), own="person"),
    Section(
        "person_history",
        _("Every earlier version of the registry entry"),
        Person.history.model,
        user_fields=("user",),
        own="person",
    ),
    Section("user", _("The user account (without the password)"), User, own="user"),
    Section("user_history", _("Every earlier version of the user account"), User.history.model, own="user"),
    Section(
        "roles",
        _("Roles in organisations, as the person or as their deputy"),
        Role,
        person_fields=("person", "deputy"),
    ),
    Section("alarm_channels", _("Alarm channels: where alarms are sent"), Channel, person_fields=("person",)),
    Section(
        "alarm_channel_history",
        _("Earlier versions of the alarm channels"),
        Channel.history.model,
        person_fields=("person",),
    ),
    Section(
        "roster_entries",
        _("Places on alarm rosters, as primary contact or deputy"),
        RosterEntry,
        person_fields=("primary", "deputy"),
    ),
    Section(
        "alarm_recipients",
        _("Alarms that named them as contact, and the answers they gave"),
        Recipient,
        person_fields=("primary", "deputy", "responded_by_person"),
        user_fields=("responded_by_user",),
    ),
    Section(
        "alarm_events",
        _("Entries in alarms' timelines about them"),
        AlarmEvent,
        person_fields=("person",),
        user_fields=("user",),
    ),
    Section(
        "alarm_deliveries",
        _("Alarm messages sent to them: channel, address, state, times"),
        Delivery,
        person_fields=("person",),
        user_fields=("user",),
    ),
    Section("notifications", _("Messages in their in-app inbox"), Notification, user_fields=("user",)),
    Section(
        "first_response_notes",
        _("Their notes in alarms' first-response checklists"),
        FirstResponseNote,
        user_fields=("user",),
    ),
    Section(
        "checklist_participations",
        _("Assessment rounds in which they were the contact or submitted the answers"),
        Participant,
        person_fields=("contact", "submitted_by_person"),
        user_fields=("submitted_by",),
    ),
    Section(
        "checklist_answers",
        _("Checklist answers they gave or changed, each version"),
        RoutineAnswer.history.model,
        user_fields=("history_user",),
    ),
    Section("drill_answers", _("Their answers in drills"), DrillAnswer, user_fields=("user",)),
    Section(
        "case_view_log",
        _("Their views of confidential cases and signals"),
        CaseViewLog,
        user_fields=("user",),
    ),
    Section(
        "case_grants",
        _("Confidential cases they were granted"),
        CaseUserObjectPermission,
        user_fields=("user",),
    ),
    Section(
        "signal_grants",
        _("Confidential signals they were granted"),
        SignalUserObjectPermission,
        user_fields=("user",),
    ),
    Section(
        "audit_events",
        _("Security and privacy events about them or done by them"),
        AuditEvent,
        user_fields=("user", "by"),
    ),
    Section(
        "second_factor_apps", _("Second-factor apps (without their keys)"), TOTPDevice, user_fields=("user",)
    ),
    Section(
        "recovery_codes", _("Recovery code sets (without the codes)"), StaticDevice, user_fields=("user",)
    ),
    Section(
        "calendar_feeds",
        _("Calendar feeds of their due dates (without the address)"),
        CalendarFeed,
        user_fields=("user",),
    ),
]
# Login records name the user by the user name typed, not by a key.
LOGIN_RECORDS = [AccessLog, AccessAttempt, AccessFailureLog]


def _label(model) -> str:
    return model._meta.label


def _row(obj: models.Model) -> dict:
    return {
        f.attname: getattr(obj, f.attname) for f in obj._meta.concrete_fields if f.name not in SECRET_FIELDS
    }


def _filter(section: Section, person: Person | None, user: User | None) -> Q | None:
    q = Q(pk__in=[])
    found = False
    if person is not None:
        for name in section.person_fields:
            q |= Q(**{name: person})
            found = True
        if section.own == "person":
            q |= Q(id=person.pk)
            found = True
    if user is not None:
        for name in section.user_fields:
            q |= Q(**{name: user})
            found = True
        if section.own == "user":
            q |= Q(id=user.pk)
            found = True
    return q if found else None


def _links_to_subject():
    """Every (model, foreign key) of the project that points at a person or a user."""
    for model in apps.get_models(include_auto_created=True):
        for f in model._meta.concrete_fields:
            if f.is_relation and f.related_model in (Person, User):
                yield model, f


def _reference(obj: models.Model, field: str) -> dict:
    """Where and when a row names them: its key, the field, and its dates (for a history row, the
    object's id and the kind of change), not its content."""
    ref = {"pk": obj.pk, "field": field}
    for f in obj._meta.concrete_fields:
        if isinstance(f, models.DateTimeField | models.DateField) or f.name in ("id", "history_type"):
            ref[f.attname] = getattr(obj, f.attname)
    return ref


def subject_of(
    *, person: Person | None = None, user: User | None = None
) -> tuple[Person | None, User | None]:
    """The person and the user account that are one subject: a person's account, an account's person."""
    if person is not None and user is None:
        user = person.user
    if user is not None and person is None:
        person = Person.objects.filter(user=user).first()
    return person, user


def personal_data(*, person: Person | None = None, user: User | None = None) -> dict:
    """The document: what each section holds (``about``), the rows about them (``data``), and where
    else they are named (``references``)."""
    person, user = subject_of(person=person, user=user)
    data: dict[str, list] = {}
    about: dict[str, str] = {}
    covered: set[tuple[str, str]] = set()
    for section in SECTIONS:
        about[section.key] = str(section.about)
        covered |= {(_label(section.model), f) for f in section.person_fields + section.user_fields}
        q = _filter(section, person, user)
        data[section.key] = [_row(obj) for obj in section.model._default_manager.filter(q)] if q else []
    about["roles_in_samhandla"] = str(_("The role the account has in Samhandla"))
    data["roles_in_samhandla"] = list(user.groups.values_list("name", flat=True)) if user else []
    about["login_records"] = str(_("Logins and failed logins under their user name"))
    data["login_records"] = []
    if user is not None:
        for model in LOGIN_RECORDS:
            for obj in model.objects.filter(username__iexact=user.username):
                data["login_records"].append({"table": _label(model), **_row(obj)})
    references: dict[str, list] = {}
    for model, f in _links_to_subject():
        subject = person if f.related_model is Person else user
        if subject is None or (_label(model), f.name) in covered:
            continue
        rows = [_reference(obj, f.name) for obj in model._default_manager.filter(**{f.name: subject})]
        if rows:
            references.setdefault(_label(model), []).extend(rows)
    return {
        "format": FORMAT,
        "exported_at": timezone.now(),
        "person_id": person.pk if person else None,
        "user_id": user.pk if user else None,
        "about": about,
        "data": data,
        "about_references": str(
            _(
                "Other records that name them (as author, raiser, changer …): where and when, not the "
                "records' content, which belongs to the case or the alarm."
            )
        ),
        "references": references,
    }


def person_export(*, by, person: Person | None = None, user: User | None = None) -> str:
    """The document as JSON text, recorded as a ``PERSON_EXPORTED`` event (counts only)."""
    if not policy.can_manage_personal_data(by):
        raise PermissionDenied
    document = personal_data(person=person, user=user)
    rows = sum(len(v) for v in document["data"].values())
    refs = sum(len(v) for v in document["references"].values())
    AuditEvent.objects.create(
        kind=AuditEvent.Kind.PERSON_EXPORTED,
        by=by,
        user_id=document["user_id"],
        person_id=document["person_id"],
        detail=f"rows={rows} references={refs}",
    )
    return json.dumps(document, cls=DjangoJSONEncoder, ensure_ascii=False, indent=2)
