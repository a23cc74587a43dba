"""Writes for signals and cases. Every function is atomic, validated and recorded in history."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_noop
from guardian.shortcuts import assign_perm

from accounts import policy
from accounts.models import Confidentiality
from actors.selectors import municipalities_in_scope
from config import events
from config.history import save_audited
from outbox.services import enqueue_on_commit

from . import access
from .models import AccessChange, CaseMember, EstablishmentCase, Phase, PhaseChange, Signal
from .tasks import notify_access_change, notify_new_signal


def _grant_signal(signal: Signal, users) -> None:
    for user in users:
        if user is not None:
            assign_perm(policy.VIEW_SIGNAL, user, signal)


def default_subject(signal: Signal) -> str:
    """A subject for a signal logged without one (a bulk load, an import): what, how big, where,
    from what the signal says. Never its sender's free text or its contact person. The form asks for
    a subject of its own."""
    what = (signal.sector or "").strip() or _("Establishment")
    parts = [what[:1].upper() + what[1:]]
    if signal.jobs:
        parts.append(_("about %(jobs)s jobs") % {"jobs": f"{signal.jobs:,}".replace(",", "\u00a0")})
    parts.append(signal.municipality.name)
    return ", ".join(parts)[:120]


@transaction.atomic
def signal_log(*, logged_by, notify: bool = True, **fields) -> Signal:
    """Log a signal. The region's coordinators are told by e-mail once the signal is stored
    (``notify=False`` for bulk loads such as the demo data)."""
    if not policy.can_log_signal(logged_by):
        raise PermissionDenied
    municipality = fields.get("municipality")
    if (
        municipality is None
        or not municipalities_in_scope(user=logged_by).filter(pk=municipality.pk).exists()
    ):
        raise ValidationError({"municipality": _("You cannot log signals for this municipality.")})
    signal = Signal(logged_by=logged_by, **fields)
    if not signal.received_by:
        signal.received_by = str(logged_by)
    signal.subject = " ".join((signal.subject or "").split()) or default_subject(signal)
    save_audited(signal, user=logged_by, reason=gettext_noop("Signal logged"))
    if signal.confidentiality == Confidentiality.CONFIDENTIAL:
        _grant_signal(signal, [logged_by])
    if notify:
        enqueue_on_commit(notify_new_signal, signal.pk)
    events.emit("signal.logged", signal=signal)
    return signal


@transaction.atomic
def signal_start_assessment(*, signal: Signal, user) -> Signal:
    if not policy.can_triage_signal(user, signal):
        raise PermissionDenied
    if signal.state != Signal.State.NEW:
        raise ValidationError(_("Only a new signal can be taken up for assessment."))
    signal.state = Signal.State.ASSESSING
    return save_audited(signal, user=user, reason=gettext_noop("Taken up for assessment"))


@transaction.atomic
def signal_dismiss(*, signal: Signal, user, reason: str) -> Signal:
    if not policy.can_triage_signal(user, signal):
        raise PermissionDenied
    if not signal.is_open:
        raise ValidationError(_("This signal has already been triaged."))
    if not reason.strip():
        raise ValidationError({"dismissal_reason": _("Say why the signal is dismissed.")})
    signal.state = Signal.State.DISMISSED
    signal.dismissal_reason = reason.strip()
    return save_audited(signal, user=user, reason=gettext_noop("Dismissed"))


@transaction.atomic
def signal_link_to_case(*, signal: Signal, case: EstablishmentCase, user) -> Signal:
    """Link a signal to an existing case; a confidential case makes the signal confidential too."""
    if not policy.can_triage_signal(user, signal):
        raise PermissionDenied
    if not policy.can_change_case(user, case):
        raise PermissionDenied
    if not signal.is_open:
        raise ValidationError(_("This signal has already been triaged."))
    signal.state = Signal.State.LINKED
    signal.case = case
    if case.is_confidential and signal.confidentiality != Confidentiality.CONFIDENTIAL:
        signal.confidentiality = Confidentiality.CONFIDENTIAL
        _grant_signal(signal, [user, signal.logged_by])
    save_audited(signal, user=user, reason=gettext_noop("Linked to a case"))
    if case.is_confidential:
        _grant_signal(signal, access.case_granted_users(case))
    return signal


def _check_municipalities(user, case: EstablishmentCase, candidates) -> None:
    scope = municipalities_in_scope(user=user)
    allowed = set(scope.values_list("pk", flat=True))
    if case.lead_municipality_id not in allowed:
        raise ValidationError({"lead_municipality": _("You cannot lead cases in this municipality.")})
    bad = [m for m in candidates if m.region_id != case.lead_municipality.region_id and m.pk not in allowed]
    if bad and not policy.is_admin(user):
        raise ValidationError(
            {
                "candidate_municipalities": _(
                    "Candidate municipalities outside your region need an administrator."
                )
            }
        )


@transaction.atomic
def case_create(
    *, user, candidate_municipalities=(), members=(), signal: Signal | None = None, **fields
) -> EstablishmentCase:
    """Open a case, optionally from a signal (which is then linked to it)."""
    if not policy.can_create_case(user):
        raise PermissionDenied
    case = EstablishmentCase(created_by=user, **fields)
    if case.lead_municipality_id:
        case.region_id = case.lead_municipality.region_id
    _check_municipalities(user, case, candidate_municipalities)
    case.phase_started_at = timezone.now()
    save_audited(case, user=user, reason=gettext_noop("Case opened"))
    case.candidate_municipalities.set(candidate_municipalities)
    for organisation in members:
        CaseMember.objects.create(case=case, organisation=organisation)
    PhaseChange.objects.create(
        case=case, from_phase="", to_phase=case.phase, changed_by=user, note=gettext_noop("Case opened")
    )
    _check_core_team(case)
    if case.is_confidential:
        access.grant_core_team(case, user, case.coordinator, case.deputy)
    if signal is not None:
        if signal.confidentiality == Confidentiality.CONFIDENTIAL and not case.is_confidential:
            raise ValidationError(_("A confidential signal can only open a confidential case."))
        signal_link_to_case(signal=signal, case=case, user=user)
    events.emit("case.created", case=case)
    return case


# From the most open to the most closed.
LEVELS = [Confidentiality.OPEN, Confidentiality.RESTRICTED, Confidentiality.CONFIDENTIAL]


def _check_core_team(case: EstablishmentCase) -> None:
    """The coordinator and the deputy must be staff whose role and place reach the case."""
    errors = {}
    for field in ("coordinator", "deputy"):
        holder = getattr(case, field)
        if holder is None:
            continue
        policy.forget(holder)
        if not policy.may_hold_case(holder, case, change=True):
            errors[field] = _("%(user)s cannot hold this case: their role and place do not reach it.") % {
                "user": holder
            }
    if errors:
        raise ValidationError(errors)


@transaction.atomic
def case_update(
    *, case: EstablishmentCase, user, candidate_municipalities=None, members=None, reason: str = "", **fields
) -> EstablishmentCase:
    """Change a case. Who reaches it (its member organisations, coordinator, deputy and
    confidentiality) changes only by those who manage its access (``policy.can_manage_access``);
    lowering the confidentiality needs a reason, is recorded and told to the case's coordinator."""
    if not policy.can_change_case(user, case):
        raise PermissionDenied
    before = EstablishmentCase.objects.select_for_update().get(pk=case.pk)
    for name, value in fields.items():
        setattr(case, name, value)
    wanted = {o.pk for o in members} if members is not None else None
    current = set(case.memberships.values_list("organisation_id", flat=True))
    access_changed = (
        (case.coordinator_id, case.deputy_id, case.confidentiality)
        != (before.coordinator_id, before.deputy_id, before.confidentiality)
    ) or (wanted is not None and wanted != current)
    if access_changed and not policy.can_manage_access(user, before):
        raise ValidationError(
            _(
                "Only the case's coordinator and deputy (and administrators, for a case that is not "
                "confidential) change its members, coordinator, deputy and confidentiality."
            )
        )
    lowered = LEVELS.index(case.confidentiality) < LEVELS.index(before.confidentiality)
    if lowered and not reason.strip():
        raise ValidationError({"change_reason": _("Say why the case becomes less confidential.")})
    case.region_id = case.lead_municipality.region_id
    _check_municipalities(user, case, candidate_municipalities or [])
    if case.phase != before.phase:
        raise ValidationError({"phase": _("Change the phase with “Change phase”, so the change is dated.")})
    save_audited(case, user=user, reason=reason)
    if candidate_municipalities is not None:
        case.candidate_municipalities.set(candidate_municipalities)
    if wanted is not None:
        for m in case.memberships.filter(organisation_id__in=current - wanted):
            m._history_user = user
            m.delete()
        for org_id in wanted - current:
            CaseMember.objects.create(case=case, organisation_id=org_id)
    _check_core_team(case)
    if case.is_confidential and not before.is_confidential:
        access.grant_core_team(case, user, case.coordinator, case.deputy)
        for signal in case.signals.all():
            if signal.confidentiality != Confidentiality.CONFIDENTIAL:
                signal.confidentiality = Confidentiality.CONFIDENTIAL
                save_audited(signal, user=user, reason=gettext_noop("Its case became confidential"))
            _grant_signal(signal, [signal.logged_by])
        access.grant_signals(case, access.case_granted_users(case))
    elif case.is_confidential:
        access.grant_core_team(case, case.coordinator, case.deputy)
        access.case_changed(case=case, by=user)
    if lowered:
        AccessChange.objects.create(
            case=case, user=None, by=user, change=AccessChange.Change.LOWERED, reason=reason
        )
        enqueue_on_commit(notify_access_change, case.pk, user.pk, "lowered")
    return case


@transaction.atomic
def case_change_phase(*, case: EstablishmentCase, user, phase: str, note: str = "") -> EstablishmentCase:
    if not policy.can_change_case(user, case):
        raise PermissionDenied
    if phase not in Phase.values:
        raise ValidationError({"phase": _("Unknown phase.")})
    if phase == case.phase:
        raise ValidationError({"phase": _("The case is already in this phase.")})
    case = EstablishmentCase.objects.select_for_update().get(pk=case.pk)
    PhaseChange.objects.create(case=case, from_phase=case.phase, to_phase=phase, changed_by=user, note=note)
    before, case.phase = case.phase, phase
    case.phase_started_at = timezone.now()
    case = save_audited(case, user=user, reason=note or gettext_noop("Phase changed"))
    events.emit("case.phase_changed", case=case, before=before)
    return case
