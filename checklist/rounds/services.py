"""The rules of a round: opening and closing a *bedömningsomgång*, and answering it (in the app or
through the contact's personal link, read by ``personal_link``). Its e-mail (invitations and
reminders) is in ``mail``.

Answers are drafts until submitted: a draft may be incomplete. Submitting needs a value for every
routine and a handlingsplan (at least *what*) for every Delvis and Nej, and locks the answers: a
later change needs a reason, and each changed answer keeps a history row with who and why.

A Ja carries no handlingsplan: saving a Ja clears the plan fields (the history keeps them).

Saving writes only the answers that changed, in one bulk update with one bulk history insert, so an
answer sheet costs the same number of queries whatever the number of routines.
"""

from __future__ import annotations

from datetime import date, datetime, timedelta

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.db.models import Q
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from simple_history.utils import bulk_create_with_history, bulk_update_with_history

from accounts import policy
from checklist.routines.models import Routine
from config import events
from config.history import save_audited
from outbox.services import enqueue_on_commit

from .models import Participant, Round, RoutineAnswer, Value
from .tasks import send_round_invitations

# How far ahead a deadline may lie: a round is a few weeks' work, not a standing questionnaire.
MAX_DEADLINE_DAYS = 366

ANSWER_FIELDS = ("value", "comment", "plan_what", "plan_who", "plan_when")
TEXT_LIMITS = {"comment": 2000, "plan_what": 2000, "plan_who": 200}

# History reasons written by the system: stored untranslated, read in the reader's language.
REASON_OPENED = gettext_noop("Round opened")
REASON_CLOSED = gettext_noop("Round closed")
REASON_DRAFT = gettext_noop("Draft saved")
REASON_SUBMITTED = gettext_noop("Submitted")
REASON_LINK_DRAFT = gettext_noop("Draft saved through the personal link")
REASON_LINK_SUBMITTED = gettext_noop("Submitted through the personal link")
LINK_REASONS = {REASON_LINK_DRAFT, REASON_LINK_SUBMITTED}


# --- Opening and closing a round ---------------------------------------------------------------


def eligible_organisations(region):
    """Who may be asked in a region's round: its own organisations and the national (and
    international) bodies without a region. Companies are not asked: the checklist is the support
    system's own readiness, not the establisher's."""
    from actors.models import Level, Organisation, OrganisationType

    national = Q(region__isnull=True, level__in=[Level.NATIONELL, Level.INTERNATIONELL])
    return (
        Organisation.objects.filter(Q(region=region) | national)
        .exclude(type=OrganisationType.FORETAG)
        .order_by("name")
    )


def default_contact(organisation, people=None):
    """The contact a round suggests: the first person (by name) with an e-mail address, preferring
    those who hold a current role in the organisation (someone whose role has ended, or a deputy
    without a role of their own, is a poor first choice). None when nobody has an e-mail address.

    ``people``: the organisation's people with their roles prefetched, to spare the queries."""
    if people is None:
        people = organisation.people.prefetch_related("roles").order_by("name", "pk")
    with_email = [p for p in people if p.email]
    current = [p for p in with_email if any(not r.has_ended for r in p.roles.all())]
    return (current or with_email or [None])[0]


@transaction.atomic
def round_open(
    *,
    user,
    region,
    title,
    deadline,
    organisations,
    contacts: dict | None = None,
    now=None,
    invite: bool = True,
) -> Round:
    """Open a *bedömningsomgång*: the current routines are the versions asked, every organisation
    gets a participant (with its contact) and a blank answer per routine. The contacts are invited
    by e-mail after commit, with their personal link (``invite=False``: the demo data, which must
    not mail its invented addresses)."""
    if not policy.can_manage_rounds(user, region):
        raise PermissionDenied
    now = now or timezone.now()
    contacts = contacts or {}
    errors: dict[str, list[str]] = {}
    title = (title or "").strip()
    if not title:
        errors["title"] = [_("Give the round a title.")]
    elif len(title) > 200:
        errors["title"] = [_("At most 200 characters.")]
    today = timezone.localdate(now)
    if not isinstance(deadline, date) or isinstance(deadline, datetime):
        errors["deadline"] = [_("Give the deadline as a date.")]
    elif deadline <= today:
        errors["deadline"] = [_("The deadline must be a future date.")]
    elif deadline > today + timedelta(days=MAX_DEADLINE_DAYS):
        errors["deadline"] = [_("The deadline must be within a year.")]
    wanted = {o.pk: o for o in organisations or []}
    if not wanted:
        errors["organisations"] = [_("Choose at least one organisation to answer.")]
    else:
        eligible = set(eligible_organisations(region).filter(pk__in=wanted).values_list("pk", flat=True))
        if set(wanted) - eligible:
            errors["organisations"] = [
                _("Only the region's own organisations and national bodies can be asked.")
            ]
    chosen: dict[int, object] = {}
    if not errors:
        from actors.models import Person

        people: dict[int, list] = {pk: [] for pk in wanted}
        for person in (
            Person.objects.filter(organisation_id__in=wanted).prefetch_related("roles").order_by("name", "pk")
        ):
            people[person.organisation_id].append(person)
        for org_pk, org in wanted.items():
            person = contacts.get(org_pk)
            if person is None:
                chosen[org_pk] = default_contact(org, people[org_pk])
            elif person.organisation_id != org_pk:
                errors.setdefault("organisations", []).append(
                    _("%(person)s does not belong to %(organisation)s.")
                    % {"person": person, "organisation": org}
                )
            else:
                chosen[org_pk] = person
    routines = list(Routine.objects.filter(is_current=True).order_by("number"))
    if not routines:
        errors.setdefault("__all__", []).append(_("There are no routines to ask."))
    if errors:
        raise ValidationError(errors)

    round_ = Round(region=region, title=title, deadline=deadline, opened_by=user, opened_at=now)
    save_audited(round_, user=user, reason=REASON_OPENED)
    round_.routines.set(routines)
    participants = bulk_create_with_history(
        [
            Participant(round=round_, organisation_id=org_pk, contact=chosen[org_pk])
            for org_pk in sorted(wanted, key=lambda pk: wanted[pk].name)
        ],
        Participant,
        default_user=user,
        default_change_reason=REASON_OPENED,
        default_date=now,
    )
    bulk_create_with_history(
        [RoutineAnswer(participant=p, routine=r) for p in participants for r in routines],
        RoutineAnswer,
        default_user=user,
        default_change_reason=REASON_OPENED,
        default_date=now,
    )
    if invite:
        enqueue_on_commit(send_round_invitations, round_.pk)
    return round_


@transaction.atomic
def round_close(*, user, round: Round, now=None) -> Round:  # noqa: A002 - the name the callers use
    """Close a round: no more answers or changes. Drafts not submitted stay out of every figure."""
    if not policy.can_manage_rounds(user, round.region):
        raise PermissionDenied
    current = Round.objects.select_for_update().get(pk=round.pk)
    if not current.is_open:
        raise ValidationError(_("The round is already closed."))
    current.closed_at = now or timezone.now()
    current.closed_by = user
    save_audited(current, user=user, reason=REASON_CLOSED)
    round.closed_at, round.closed_by = current.closed_at, user
    return current


# --- Answering ---------------------------------------------------------------------------------


class AnswerInvalid(ValidationError):
    """The answer sheet breaks a rule; ``per_routine`` says which routine and field (routine id →
    {field: message}), so a form can show each message where it belongs."""

    def __init__(self, message: str, per_routine: dict[int, dict[str, str]] | None = None):
        super().__init__(message)
        self.per_routine = per_routine or {}


def _clean_values(values: dict, answers: dict[int, RoutineAnswer]) -> dict[int, dict]:
    """The given values, checked field by field; routines not in the round are refused."""
    unknown = [k for k in values if k not in answers]
    if unknown:
        raise AnswerInvalid(_("The answers do not belong to this round's routines."))
    cleaned, problems = {}, {}
    for routine_id, given in values.items():
        row = {}
        for name in ANSWER_FIELDS:
            if name not in given:
                continue
            raw = given[name]
            if name == "value":
                raw = raw or ""
                if raw not in Value.values and raw != "":
                    problems.setdefault(routine_id, {})[name] = _("Choose Yes, Partly or No.")
            elif name == "plan_when":
                if isinstance(raw, datetime) or (raw is not None and not isinstance(raw, date)):
                    problems.setdefault(routine_id, {})[name] = _("Give a date.")
            else:
                raw = (raw or "").strip()
                if len(raw) > TEXT_LIMITS[name]:
                    problems.setdefault(routine_id, {})[name] = _("At most %(n)s characters.") % {
                        "n": TEXT_LIMITS[name]
                    }
            row[name] = raw
        cleaned[routine_id] = row
    if problems:
        raise AnswerInvalid(_("Some answers could not be saved; see the messages below."), problems)
    return cleaned


def _completeness_problems(answers: list[RoutineAnswer]) -> dict[int, dict[str, str]]:
    """What a submitted answer sheet must hold: a value for every routine, a plan where not Ja."""
    problems: dict[int, dict[str, str]] = {}
    for a in answers:
        if not a.value:
            problems[a.routine_id] = {"value": _("Answer Yes, Partly or No before submitting.")}
        elif a.needs_plan and not a.plan_what:
            problems[a.routine_id] = {
                "plan_what": _("Partly and No need an action plan: say at least what will be done.")
            }
    return problems


@transaction.atomic
def answer_save(
    *,
    participant: Participant,
    values: dict,
    user=None,
    person=None,
    submit: bool = False,
    reason: str = "",
    now=None,
) -> Participant:
    """Save an organisation's answers: a draft, a submission, or a change after submission.

    ``user`` answers in the app (the organisation's own users); ``person`` through the personal link
    (the participant's contact, verified by the caller from the token). Only changed answers are
    written. After submission every change needs a ``reason``; through the link a submitted sheet
    is read-only (changes go through the app).
    """
    if (user is None) == (person is None):
        raise PermissionDenied  # exactly one of them answers
    now = now or timezone.now()
    current = (
        Participant.objects.select_for_update(of=("self",))
        .select_related("round__region")
        .get(pk=participant.pk)
    )
    if not current.round.is_open:
        raise ValidationError(_("The round is closed: answers can no longer be saved or changed."))
    if user is not None and not policy.can_answer_round(user, current):
        raise PermissionDenied
    if person is not None:
        if person.pk != current.contact_id:
            raise PermissionDenied
        if current.is_submitted:
            raise ValidationError(
                _("The answers have already been submitted. To change them, log in to Samhandla.")
            )
    reason = (reason or "").strip()
    if current.is_submitted and not reason:
        raise ValidationError({"reason": _("Say why the submitted answers are changed.")})
    if len(reason) > 100:
        raise ValidationError({"reason": _("At most 100 characters.")})

    answers = {a.routine_id: a for a in RoutineAnswer.objects.filter(participant=current)}
    cleaned = _clean_values(values or {}, answers)
    changed = []
    for routine_id, row in cleaned.items():
        answer = answers[routine_id]
        if row.get("value", answer.value) == Value.YES:
            # A handlingsplan belongs to Delvis and Nej; one left behind by a changed answer would
            # hide in the form (it shows the plan for Delvis and Nej only). The history keeps it.
            row = {**row, "plan_what": "", "plan_who": "", "plan_when": None}
        dirty = False
        for name, new in row.items():
            if getattr(answer, name) != new:
                setattr(answer, name, new)
                dirty = True
        if dirty:
            answer.updated_at = now
            changed.append(answer)

    submitting = submit and not current.is_submitted
    if submitting or current.is_submitted:
        problems = _completeness_problems(sorted(answers.values(), key=lambda a: a.routine_id))
        if problems:
            raise AnswerInvalid(
                _(
                    "The answers cannot be submitted yet: every routine needs an answer, and every Partly "
                    "or No an action plan."
                )
                if submitting
                else _(
                    "A submitted answer must stay complete: every routine needs an answer, and every "
                    "Partly or No an action plan."
                ),
                problems,
            )
    if current.is_submitted and not changed:
        return current  # nothing to change; no empty history rows

    history_user = user if user is not None else getattr(person, "user", None)
    if current.is_submitted:
        answer_reason = reason
    elif person is not None:
        answer_reason = REASON_LINK_SUBMITTED if submitting else REASON_LINK_DRAFT
    else:
        answer_reason = reason or (REASON_SUBMITTED if submitting else REASON_DRAFT)
    if changed:
        bulk_update_with_history(
            changed,
            RoutineAnswer,
            fields=[*ANSWER_FIELDS, "updated_at"],
            default_user=history_user,
            default_change_reason=answer_reason[:100],
            default_date=now,
        )
    if submitting:
        current.submitted_at = now
        current.submitted_by = user
        current.submitted_by_person = person
        current._history_user = history_user
        current._history_date = now
        current._change_reason = REASON_LINK_SUBMITTED if person is not None else REASON_SUBMITTED
        current.save(update_fields=["submitted_at", "submitted_by", "submitted_by_person"])
        events.emit("checklist.round_submitted", participant=current)
    participant.submitted_at = current.submitted_at
    participant.submitted_by_id = current.submitted_by_id
    participant.submitted_by_person_id = current.submitted_by_person_id
    return current
