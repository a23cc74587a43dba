"""The access policy of Samhandla, in one place.

Every selector narrows by these functions before it does anything else, and every view that
changes something asks one of the ``can_*`` questions. Nothing else in the code decides who may
see or change what.

Roles are Django groups (one per user, see ``RoleName``):

=====================  ==========================================================================
Administratör          everything that is not confidential; manages users and the registry
Regional samordnare    signals and cases of their region; creates and runs cases; edits registry
Kommunal tjänsteman    signals and cases of their municipality; logs signals, opens cases
Aktörskontakt          the cases where their organisation is a member (open and restricted)
Läsare                 open cases of their region, read only
=====================  ==========================================================================

Confidentiality overrides the roles: a *konfidentiell* case or signal is visible only to users
granted it explicitly (a django-guardian object permission), whatever their role. Everyone else
sees at most its code name. A *begränsad* case is hidden from readers.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from django.contrib.auth.models import AnonymousUser
from django.db.models import Exists, OuterRef, Q, QuerySet

from .models import RoleName

if TYPE_CHECKING:
    from establishments.models import EstablishmentCase, Signal

VIEW_CASE = "view_establishmentcase"
CHANGE_CASE = "change_establishmentcase"
VIEW_SIGNAL = "view_signal"
CHANGE_SIGNAL = "change_signal"

ROLE_GROUPS = [r.value for r in RoleName]


def assigned_role(user) -> str | None:
    """The role (group name) a user account carries, active or not; cached on the user object."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if not hasattr(user, "_samhandla_role"):
        names = [g.name for g in user.groups.all() if g.name in ROLE_GROUPS]
        # One role per user; if an admin gave several, the most powerful wins.
        user._samhandla_role = min(names, key=ROLE_GROUPS.index) if names else None
    return user._samhandla_role


def role_of(user) -> str | None:
    """The role the user acts in now: none for anonymous or deactivated users."""
    if user is None or not getattr(user, "is_active", False):
        return None
    return assigned_role(user)


def is_admin(user) -> bool:
    return role_of(user) == RoleName.ADMIN


def is_coordinator(user) -> bool:
    return role_of(user) == RoleName.COORDINATOR


# --- Cases -------------------------------------------------------------------------------------


def _granted(user, codename: str, perm_model) -> Exists:
    return Exists(
        perm_model.objects.filter(content_object=OuterRef("pk"), user=user, permission__codename=codename)
    )


def _case_scope(user) -> Q | None:
    """Which non-confidential cases the user's role reaches; None for nothing."""
    from establishments.models import Confidentiality, EstablishmentCase

    role = role_of(user)
    if role == RoleName.ADMIN:
        return Q()
    if role == RoleName.COORDINATOR and user.region_id:
        candidates = EstablishmentCase.candidate_municipalities.through.objects.filter(
            establishmentcase_id=OuterRef("pk"), municipality__region_id=user.region_id
        )
        return Q(region_id=user.region_id) | Q(Exists(candidates))
    if role == RoleName.OFFICIAL and user.municipality_id:
        candidates = EstablishmentCase.candidate_municipalities.through.objects.filter(
            establishmentcase_id=OuterRef("pk"), municipality_id=user.municipality_id
        )
        return Q(lead_municipality_id=user.municipality_id) | Q(Exists(candidates))
    if role == RoleName.CONTACT and user.organisation_id:
        from establishments.models import CaseMember

        member = CaseMember.objects.filter(case_id=OuterRef("pk"), organisation_id=user.organisation_id)
        return Q(Exists(member))
    if role == RoleName.READER and user.region_id:
        return Q(region_id=user.region_id) & Q(confidentiality=Confidentiality.OPEN)
    return None


def visible_cases(user, queryset: QuerySet[EstablishmentCase] | None = None) -> QuerySet[EstablishmentCase]:
    from establishments.models import CaseUserObjectPermission, Confidentiality, EstablishmentCase

    qs = EstablishmentCase.objects.all() if queryset is None else queryset
    if role_of(user) is None:
        return qs.none()
    granted = Q(confidentiality=Confidentiality.CONFIDENTIAL) & Q(
        _granted(user, VIEW_CASE, CaseUserObjectPermission)
    )
    open_or_restricted = ~Q(confidentiality=Confidentiality.CONFIDENTIAL)
    scope = _case_scope(user)
    if scope is not None and not scope:  # an empty Q: the role reaches every case
        return qs.filter(open_or_restricted | granted)
    # The two people responsible for a case always see it, whatever its region.
    responsible = Q(coordinator=user) | Q(deputy=user)
    scope = responsible if scope is None else scope | responsible
    return qs.filter((open_or_restricted & scope) | granted)


def can_view_case(user, case: EstablishmentCase) -> bool:
    """Asked once per case and request: the answer is kept on the request's user object."""
    if role_of(user) is None:
        return False
    answers = user.__dict__.setdefault("_samhandla_visible_case", {})
    if case.pk not in answers:
        answers[case.pk] = visible_cases(user).filter(pk=case.pk).exists()
    return answers[case.pk]


def can_create_case(user) -> bool:
    return role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}


def can_change_case(user, case: EstablishmentCase) -> bool:
    """Admins, coordinators and officials who can see the case; for a confidential case the
    change permission must have been granted as well."""
    from establishments.models import CaseUserObjectPermission

    if role_of(user) not in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}:
        return False
    if case.is_confidential:
        return CaseUserObjectPermission.objects.filter(
            content_object=case, user=user, permission__codename=CHANGE_CASE
        ).exists()
    return can_view_case(user, case)


def can_grant_case(user, case: EstablishmentCase) -> bool:
    """Who may grant others a confidential case: its coordinator, its deputy, or an admin holding it."""
    if role_of(user) is None or not case.is_confidential:
        return False
    if user.pk in {case.coordinator_id, case.deputy_id}:
        return True
    return is_admin(user) and can_change_case(user, case)


def municipalities_in_scope(user):
    """Municipalities the user may open a case or log a signal in."""
    from actors.models import Municipality

    role = role_of(user)
    qs = Municipality.objects.select_related("region")
    if role == RoleName.ADMIN:
        return qs
    if role == RoleName.COORDINATOR and user.region_id:
        return qs.filter(region_id=user.region_id)
    if role == RoleName.OFFICIAL and user.municipality_id:
        return qs.filter(pk=user.municipality_id)
    return qs.none()


# --- Signals -----------------------------------------------------------------------------------


def visible_signals(user, queryset: QuerySet[Signal] | None = None) -> QuerySet[Signal]:
    from establishments.models import Confidentiality, Signal, SignalUserObjectPermission

    qs = Signal.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role is None:
        return qs.none()
    granted = Q(confidentiality=Confidentiality.CONFIDENTIAL) & Q(
        _granted(user, VIEW_SIGNAL, SignalUserObjectPermission)
    )
    if role == RoleName.ADMIN:
        scope = Q()
    elif role == RoleName.COORDINATOR and user.region_id:
        scope = Q(municipality__region_id=user.region_id)
    elif role == RoleName.OFFICIAL and user.municipality_id:
        scope = Q(municipality_id=user.municipality_id)
    else:
        # Signals are the municipalities' and the region's triage work: actor contacts and
        # readers meet establishments as cases, not as raw signals.
        return qs.filter(granted)
    return qs.filter((~Q(confidentiality=Confidentiality.CONFIDENTIAL) & scope) | granted)


def can_log_signal(user) -> bool:
    return role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}


def can_triage_signal(user, signal: Signal) -> bool:
    return can_log_signal(user) and visible_signals(user).filter(pk=signal.pk).exists()


# --- Registry and users ------------------------------------------------------------------------


def can_view_registry(user) -> bool:
    return role_of(user) is not None


def can_edit_registry(user) -> bool:
    return role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR}


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_see_case_views(user, case: EstablishmentCase) -> bool:
    """The log of who viewed a confidential case: for those who may grant it."""
    return can_grant_case(user, case)


# --- Case workspace items ----------------------------------------------------------------------


def sharing_levels_for(user, case: EstablishmentCase) -> list[str]:
    """Which sharing levels of a case's items the user may read (the case itself must be visible).

    The case's own staff (admins, coordinators, officials) read everything; actor contacts and
    readers read what is shared with the case's members or the company, never internal notes.
    """
    from establishments.models import Sharing

    if role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}:
        return list(Sharing.values)
    return [Sharing.MEMBERS, Sharing.COMPANY]


def visible_items(user, case: EstablishmentCase, queryset):
    """Narrow a queryset of one case's workspace items to what the user may read."""
    return queryset.filter(case=case, sharing__in=sharing_levels_for(user, case))


def can_edit_workspace(user, case: EstablishmentCase) -> bool:
    """Who records in a case's five moments: the same people who may change the case."""
    return can_change_case(user, case)


# --- Action plan (moment 5): commitments ---------------------------------------------------------


def can_respond_to_commitment(user, action) -> bool:
    """Who may accept or decline an action proposed to an organisation: a user of that organisation
    (typically its Aktörskontakt) who can see the case and the action itself."""
    if role_of(user) in {None, RoleName.READER} or not user.organisation_id:
        return False  # a reader only reads
    if action.owner_organisation_id != user.organisation_id:
        return False
    if action.sharing not in sharing_levels_for(user, action.case):
        return False
    return can_view_case(user, action.case)


# --- The alarm chain ---------------------------------------------------------------------------


def can_view_roster(user, region) -> bool:
    """The region's roster: its coordinators, the officials of its municipalities (they raise the
    alarm and must see who it reaches), and administrators."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return True
    if role == RoleName.COORDINATOR:
        return user.region_id == region.pk
    if role == RoleName.OFFICIAL and user.municipality_id:
        return user.municipality.region_id == region.pk
    return False


def can_edit_roster(user, region) -> bool:
    """Administrators and the region's coordinators maintain the roster and its policy."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and user.region_id == region.pk)


def can_edit_channels(user, person) -> bool:
    """A person's alarm channels: the person themself (their preferences), or whoever maintains a
    roster (administrators, coordinators)."""
    if role_of(user) is None:
        return False
    if person.user_id == user.pk:
        return True
    return can_edit_registry(user)


def can_view_channels(user, person) -> bool:
    """A person's alarm channels are read by whoever edits them, and by whoever may read a roster
    the person is on (as primary contact or deputy)."""
    if can_edit_channels(user, person):
        return True
    from alarms.models import RosterEntry

    entries = RosterEntry.objects.filter(Q(primary=person) | Q(deputy=person)).select_related(
        "roster__region"
    )
    return any(can_view_roster(user, entry.roster.region) for entry in entries)


def can_raise_alarm(user, municipality) -> bool:
    """Municipal officials for their municipality, coordinators for their region, administrators."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return True
    if role == RoleName.COORDINATOR:
        return user.region_id == municipality.region_id
    if role == RoleName.OFFICIAL:
        return user.municipality_id == municipality.pk
    return False


def visible_alarms(user, queryset=None):
    """Alarms a user may follow: the region's staff see its alarms; an actor contact sees the alarms
    that reached their organisation. A drill is an alarm like any other."""
    from alarms.models import Alarm, Recipient

    qs = Alarm.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role is None:
        return qs.none()
    if role == RoleName.ADMIN:
        return qs
    reached = (
        Exists(Recipient.objects.filter(alarm_id=OuterRef("pk"), organisation_id=user.organisation_id))
        if user.organisation_id
        else Q(pk__in=[])
    )
    if role == RoleName.COORDINATOR and user.region_id:
        return qs.filter(Q(region_id=user.region_id) | Q(reached))
    if role == RoleName.OFFICIAL and user.municipality_id:
        return qs.filter(Q(municipality_id=user.municipality_id) | Q(raised_by=user) | Q(reached))
    if role == RoleName.READER and user.region_id:
        return qs.filter(region_id=user.region_id)
    return qs.filter(reached)


def can_view_alarm(user, alarm) -> bool:
    return visible_alarms(user).filter(pk=alarm.pk).exists()


def can_close_alarm(user, alarm) -> bool:
    """An alarm is closed by the region's coordinator (or an administrator)."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and user.region_id == alarm.region_id)


def can_answer_alarm(user, recipient) -> bool:
    """Who answers for an alarmed organisation in the app: its own users, and the region's
    coordinators (recording an answer given on the phone). Readers only read."""
    role = role_of(user)
    if role in {None, RoleName.READER}:
        return False
    if user.organisation_id and user.organisation_id == recipient.organisation_id:
        return True
    return can_close_alarm(user, recipient.alarm)


def can_add_alarm_note(user, alarm) -> bool:
    """The first-response checklist is filled in by everyone the alarm reached, and the region's
    staff; not by readers."""
    role = role_of(user)
    if role in {None, RoleName.READER}:
        return False
    return can_view_alarm(user, alarm)


def can_see_alarm_case(user, alarm) -> bool:
    """Whether the alarm's case or signal may be linked for this user (a confidential case stays so)."""
    if alarm.case_id:
        return can_view_case(user, alarm.case)
    if alarm.signal_id:
        return visible_signals(user).filter(pk=alarm.signal_id).exists()
    return False


# --- The routine checklist: rounds, readiness, drills, lessons ---------------------------------


def can_view_readiness(user, region) -> bool:
    """A region's rounds, matrices, trends and readiness plan: its coordinators, officials and
    readers, and administrators. Actor contacts see their own organisation's answers only."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return True
    if role in {RoleName.COORDINATOR, RoleName.READER}:
        return user.region_id == region.pk
    if role == RoleName.OFFICIAL and user.municipality_id:
        return user.municipality.region_id == region.pk
    return False


def readiness_regions(user):
    """The regions whose readiness (rounds, matrices, trends, plan) the user may follow: every region
    for administrators; their own for coordinators, readers and officials; none for contacts."""
    from actors.models import Region

    role = role_of(user)
    if role == RoleName.ADMIN:
        return Region.objects.all()
    if role in {RoleName.COORDINATOR, RoleName.READER} and user.region_id:
        return Region.objects.filter(pk=user.region_id)
    if role == RoleName.OFFICIAL and user.municipality_id:
        return Region.objects.filter(municipalities__pk=user.municipality_id)
    return Region.objects.none()


def can_manage_rounds(user, region) -> bool:
    """Opening and closing rounds, reminding, and turning a handlingsplan into a readiness action:
    the region's coordinators and administrators."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and user.region_id == region.pk)


def can_view_participant(user, participant) -> bool:
    """An organisation's answers in a round: whoever sees the region's readiness, and the
    organisation's own users."""
    if role_of(user) is None:
        return False
    if user.organisation_id and user.organisation_id == participant.organisation_id:
        return True
    return can_view_readiness(user, participant.round.region)


def answers_for_organisation(user, participant) -> bool:
    """The organisation's own users answer for it in a round (readers only read)."""
    if role_of(user) in {None, RoleName.READER}:
        return False
    return bool(user.organisation_id) and user.organisation_id == participant.organisation_id


def can_answer_round(user, participant) -> bool:
    """Only the organisation itself answers, and only while the round is open."""
    return answers_for_organisation(user, participant) and participant.round.is_open


def can_start_drill(user, municipality) -> bool:
    """A workshop drill for a municipality: the region's coordinators and administrators."""
    role = role_of(user)
    return role == RoleName.ADMIN or (
        role == RoleName.COORDINATOR and user.region_id == municipality.region_id
    )


def visible_drills(user, queryset=None):
    """Drills a user may follow: administrators all; a coordinator their region's (and any they
    started or take part in); everyone else only the drills they take part in."""
    from checklist.models import Drill, DrillAnswer

    qs = Drill.objects.all() if queryset is None else queryset
    role = role_of(user)
    if role is None:
        return qs.none()
    if role == RoleName.ADMIN:
        return qs
    participant = Q(Exists(DrillAnswer.objects.filter(drill_id=OuterRef("pk"), user_id=user.pk)))
    if role == RoleName.COORDINATOR and user.region_id:
        return qs.filter(Q(municipality__region_id=user.region_id) | Q(started_by_id=user.pk) | participant)
    return qs.filter(participant)


def can_view_drill(user, drill) -> bool:
    return visible_drills(user).filter(pk=drill.pk).exists()


def can_close_drill(user, drill) -> bool:
    """A drill is closed by whoever may start one in its municipality (the region's coordinators,
    administrators) or by the coordinator who started it."""
    if can_start_drill(user, drill.municipality):
        return True
    return drill.started_by_id == user.pk and role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR}


def may_take_part(user, region) -> bool:
    """Who may be asked in a region's drill: its coordinators, the officials of its municipalities,
    and the actor contacts of its organisations and of nationwide ones (no region). Readers only read."""
    role = role_of(user)
    if role == RoleName.COORDINATOR:
        return user.region_id == region.pk
    if role == RoleName.OFFICIAL:
        return bool(user.municipality_id) and user.municipality.region_id == region.pk
    if role == RoleName.CONTACT and user.organisation_id:
        return user.organisation.region_id in (None, region.pk)
    return False


def can_answer_drill(user, drill_answer) -> bool:
    return (
        role_of(user) is not None and drill_answer.user_id == user.pk and drill_answer.drill.closed_at is None
    )


def can_write_lesson(user, case) -> bool:
    """The retrospective of a closed case: who may change the case."""
    from establishments.models import Phase

    return case.phase in {Phase.CLOSED, Phase.LOST} and can_change_case(user, case)


def visible_lessons(user, queryset=None):
    """Lessons of the cases the user may see: a confidential case's lessons stay confidential."""
    from checklist.models import Lesson

    qs = Lesson.objects.all() if queryset is None else queryset
    return qs.filter(case__in=visible_cases(user))


def can_revise_routines(user) -> bool:
    """Rewording a routine or adding one, as a new version: administrators."""
    return is_admin(user)
