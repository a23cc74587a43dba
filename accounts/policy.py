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

One module by design, a little over the size of the others: a reader finds every access rule here.
The policy is in the lowest app layer: it names no model of another app. Lists are narrowed by
passing the queryset to narrow (``visible_cases(user, EstablishmentCase.objects.all())``), and
where a rule needs a related table it reaches it through the relation's name (``_related``).
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from contextvars import ContextVar

from django.conf import settings
from django.contrib.auth.models import AnonymousUser, Group
from django.db.models import Exists, OuterRef, Q, QuerySet
from django.db.models.expressions import RawSQL
from django_otp import user_has_device

from .models import Confidentiality, RoleName, Sharing

VIEW_CASE = "view_establishmentcase"
CHANGE_CASE = "change_establishmentcase"
VIEW_SIGNAL = "view_signal"
CHANGE_SIGNAL = "change_signal"

ROLE_GROUPS = [r.value for r in RoleName]


# --- What a request was shown -----------------------------------------------------------------

_SHOWN: ContextVar[list | None] = ContextVar("samhandla_shown", default=None)


@contextmanager
def watching() -> Iterator[list]:
    """Collect, for one request, every confidential case and signal the policy let its user see
    (``shown``): ``establishments.middleware.ViewLogMiddleware`` logs them once the response is made."""
    seen: list = []
    token = _SHOWN.set(seen)
    try:
        yield seen
    finally:
        _SHOWN.reset(token)


def shown(obj) -> None:
    """Note that the current request reads ``obj`` (a case or signal), if it is confidential. Called
    by the policy's single-object answers (``can_view_case``, ``can_view_signal``) and the
    single-object reads (``establishments.selectors.case_get`` / ``signal_get``)."""
    seen = _SHOWN.get()
    if seen is not None and getattr(obj, "confidentiality", None) == Confidentiality.CONFIDENTIAL:
        seen.append(obj)


def assigned_role(user) -> str | None:
    """The role (group name) a user account carries, active or not; cached on the user object."""
    if user is None or isinstance(user, AnonymousUser) or not user.is_authenticated:
        return None
    if not hasattr(user, "_samhandla_role"):
        names = [g.name for g in user.groups.all() if g.name in ROLE_GROUPS]
        # One role per user; if an admin gave several, the most powerful wins.
        user._samhandla_role = min(names, key=ROLE_GROUPS.index) if names else None
    return user._samhandla_role


def _role_rank_sql(users: QuerySet) -> RawSQL:
    """The rank in ``ROLE_GROUPS`` of the most powerful role group of each of ``users`` (NULL for
    none). Plain SQL: built as an ORM subquery it cost more to compile than the query it saves."""
    through = users.model.groups.through
    user_column = through._meta.get_field("user").column
    group_column = through._meta.get_field("group").column
    ranks = " ".join(f"WHEN %s THEN {i}" for i in range(len(ROLE_GROUPS)))
    sql = (
        f'SELECT MIN(CASE g."name" {ranks} END) FROM "{through._meta.db_table}" ug '
        f'JOIN "{Group._meta.db_table}" g ON g."id" = ug."{group_column}" '
        f'WHERE ug."{user_column}" = "{users.model._meta.db_table}"."{users.model._meta.pk.column}"'
    )
    return RawSQL(sql, ROLE_GROUPS)


def with_assigned_role(users: QuerySet) -> QuerySet:
    """``users`` with each one's ``assigned_role`` read in the same query (the request's user is
    loaded so: ``accounts.backends``): the role group ranked first in ``ROLE_GROUPS`` wins, as there."""
    return users.annotate(_samhandla_role_rank=_role_rank_sql(users))


def keep_assigned_role(user) -> None:
    """Keep the role ``with_assigned_role`` read as the user's ``assigned_role`` for this request."""
    if hasattr(user, "_samhandla_role_rank"):
        rank = user._samhandla_role_rank
        user._samhandla_role = None if rank is None else ROLE_GROUPS[rank]


def forget(user) -> None:
    """Drop the answers cached on a user object, after their role, place or state changed."""
    for name in (
        "_samhandla_role",
        "_samhandla_region",
        "_samhandla_visible_case",
        "_samhandla_may_hold",
        "_samhandla_contact_orgs",
    ):
        user.__dict__.pop(name, None)


def role_of(user) -> str | None:
    """The role the user acts in now: none for anonymous or deactivated users."""
    if user is None or not getattr(user, "is_active", False):
        return None
    return assigned_role(user)


def is_admin(user) -> bool:
    return role_of(user) == RoleName.ADMIN


def is_coordinator(user) -> bool:
    return role_of(user) == RoleName.COORDINATOR


def region_id_of(user) -> int | None:
    """The region a user works for: a coordinator's, reader's or administrator's own, an official's
    municipality's, an actor contact's organisation's (None for a nationwide organisation).
    Cached on the user object."""
    role = role_of(user)
    if role is None:
        return None
    if "_samhandla_region" not in user.__dict__:
        if role == RoleName.OFFICIAL and user.municipality_id:
            region_id = user.municipality.region_id
        elif role == RoleName.CONTACT and user.organisation_id:
            region_id = user.organisation.region_id
        else:
            region_id = user.region_id
        user.__dict__["_samhandla_region"] = region_id
    return user.__dict__["_samhandla_region"]


def _related(model, relation: str):
    """The model on the other side of ``model``'s relation ``relation``: the policy reaches other
    apps' tables through the relations their models declare, never by importing them."""
    return model._meta.get_field(relation).related_model


# --- Cases -------------------------------------------------------------------------------------


# The rules below that reach another table say "the row's key is among these keys" (``pk__in`` a
# subquery that does not refer back to the row) rather than "such a row exists for this one": the
# database computes the set once per query, and its planner prices it so, where a per-row EXISTS
# is priced as if run for every row of a growing table.


def _granted(user, codename: str, perm_model) -> Q:
    return Q(
        pk__in=perm_model.objects.filter(user=user, permission__codename=codename).values("content_object_id")
    )


def _case_scope(user, case_model) -> Q | None:
    """Which non-confidential cases the user's role reaches; None for nothing."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return Q()
    through = case_model.candidate_municipalities.through
    if role == RoleName.COORDINATOR and region_id_of(user):
        candidates = through.objects.filter(municipality__region_id=region_id_of(user))
        return Q(region_id=region_id_of(user)) | Q(pk__in=candidates.values("establishmentcase_id"))
    if role == RoleName.OFFICIAL and user.municipality_id:
        candidates = through.objects.filter(municipality_id=user.municipality_id)
        return Q(lead_municipality_id=user.municipality_id) | Q(
            pk__in=candidates.values("establishmentcase_id")
        )
    if role == RoleName.CONTACT and user.organisation_id:
        member = _related(case_model, "memberships").objects.filter(organisation_id=user.organisation_id)
        return Q(pk__in=member.values("case_id"))
    if role == RoleName.READER and region_id_of(user):
        return Q(region_id=region_id_of(user)) & Q(confidentiality=Confidentiality.OPEN)
    return None


def visible_cases(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (establishment cases) to the cases the user may see."""
    if role_of(user) is None:
        return qs.none()
    granted = Q(confidentiality=Confidentiality.CONFIDENTIAL) & _granted(
        user, VIEW_CASE, _related(qs.model, "caseuserobjectpermission")
    )
    open_or_restricted = ~Q(confidentiality=Confidentiality.CONFIDENTIAL)
    scope = _case_scope(user, qs.model)
    if scope is not None and not scope:  # an empty Q: the role reaches every case
        return qs.filter(open_or_restricted | granted)
    # The two people responsible for a case always see it, whatever its region.
    responsible = Q(coordinator=user) | Q(deputy=user)
    scope = responsible if scope is None else scope | responsible
    return qs.filter((open_or_restricted & scope) | granted)


def narrow_by_case(user, qs: QuerySet, path: str) -> QuerySet:
    """Narrow ``qs`` (anything that belongs to a case through ``path``; ``""``: the cases
    themselves) to what belongs to a case the user may see; a row without a case stays."""
    if not path:
        return visible_cases(user, qs)
    case_model = qs.model._meta.get_field(path.split("__")[0]).related_model
    for part in path.split("__")[1:]:
        case_model = case_model._meta.get_field(part).related_model
    visible = visible_cases(user, case_model._default_manager.all())
    return qs.filter(Q(**{f"{path}__isnull": True}) | Q(**{f"{path}__in": visible}))


def can_view_case(user, case) -> bool:
    """Asked once per case and request: the answer is kept on the request's user object."""
    if role_of(user) is None:
        return False
    answers = user.__dict__.setdefault("_samhandla_visible_case", {})
    if case.pk not in answers:
        answers[case.pk] = visible_cases(user, type(case)._default_manager.filter(pk=case.pk)).exists()
    if answers[case.pk]:
        shown(case)
    return answers[case.pk]


def note_visible_case(user, case) -> None:
    """Remember for this request that ``case`` was read through ``visible_cases`` for ``user`` (a
    single-case read such as ``case_get``), so ``can_view_case`` does not ask the database again."""
    if role_of(user) is not None:
        user.__dict__.setdefault("_samhandla_visible_case", {})[case.pk] = True


def can_create_case(user) -> bool:
    return role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}


def can_change_case(user, case) -> bool:
    """Admins, coordinators and officials who can see the case; for a confidential case the
    change permission must have been granted as well."""
    if role_of(user) not in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}:
        return False
    if case.is_confidential:
        return (
            _related(type(case), "caseuserobjectpermission")
            .objects.filter(content_object=case, user=user, permission__codename=CHANGE_CASE)
            .exists()
        )
    return can_view_case(user, case)


# --- Who holds a case, and who manages that -----------------------------------------------------


def may_hold_case(user, case, *, change: bool = False) -> bool:
    """Whether the user's role and place fit the case: who may be granted a confidential case, be a
    case's coordinator or deputy (``change``: staff roles only), and keep a grant or a case role
    after their role, place or organisation changed. The same reach as the roles above, whatever
    the case's confidentiality: a coordinator the cases of their region, an official those of their
    municipality, an actor contact those their organisation is a member of, a reader those of their
    region (to read), an administrator any."""
    role = role_of(user)
    if role is None or (change and role not in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}):
        return False
    answers = user.__dict__.setdefault("_samhandla_may_hold", {})
    if (case.pk, change) not in answers:
        if role == RoleName.READER:
            scope = Q(region_id=region_id_of(user)) if region_id_of(user) else None
        else:
            scope = _case_scope(user, type(case))
        answers[case.pk, change] = scope is not None and (
            type(case)._default_manager.filter(scope, pk=case.pk).exists()
        )
    return answers[case.pk, change]


def can_manage_access(user, case) -> bool:
    """Who changes who reaches a case (its member organisations, its grants, its coordinator and
    deputy, its confidentiality level): the case's coordinator and deputy while their role still
    fits it, and, for a case that is not confidential, administrators. An edit grant never implies
    it; administrators manage users and the registry, not the secrets of confidential cases."""
    if role_of(user) is None:
        return False
    if user.pk in {case.coordinator_id, case.deputy_id}:
        return may_hold_case(user, case, change=True)
    return is_admin(user) and not case.is_confidential


def can_grant_case(user, case) -> bool:
    """Who grants others a confidential case person by person (and sees who viewed it)."""
    return case.is_confidential and can_manage_access(user, case)


def municipalities_in_scope(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (municipalities) to those the user may open a case or log a signal in."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return qs
    if role == RoleName.COORDINATOR and region_id_of(user):
        return qs.filter(region_id=region_id_of(user))
    if role == RoleName.OFFICIAL and user.municipality_id:
        return qs.filter(pk=user.municipality_id)
    return qs.none()


# --- Signals -----------------------------------------------------------------------------------


def visible_signals(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (signals) to the signals the user may see."""
    role = role_of(user)
    if role is None:
        return qs.none()
    granted = Q(confidentiality=Confidentiality.CONFIDENTIAL) & _granted(
        user, VIEW_SIGNAL, _related(qs.model, "signaluserobjectpermission")
    )
    if role == RoleName.ADMIN:
        scope = Q()
    elif role == RoleName.COORDINATOR and region_id_of(user):
        municipalities = _related(qs.model, "municipality").objects.filter(region_id=region_id_of(user))
        scope = Q(municipality_id__in=municipalities.values("pk"))
    elif role == RoleName.OFFICIAL and user.municipality_id:
        scope = Q(municipality_id=user.municipality_id)
    else:
        # Signals are the municipalities' and the region's triage work: actor contacts and
        # readers meet establishments as cases, not as raw signals.
        return qs.filter(granted)
    return qs.filter((~Q(confidentiality=Confidentiality.CONFIDENTIAL) & scope) | granted)


def can_log_signal(user) -> bool:
    return role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}


def can_view_signal(user, signal) -> bool:
    if visible_signals(user, type(signal)._default_manager.filter(pk=signal.pk)).exists():
        shown(signal)
        return True
    return False


def may_hold_signal(user, signal, *, through_case: bool = True) -> bool:
    """Whether the user's role and place fit a signal, whatever its confidentiality: an
    administrator any, a coordinator those of their region, an official those of their
    municipality; and (``through_case``) whoever may hold the case the signal led to."""
    role = role_of(user)
    if role is None:
        return False
    if role == RoleName.ADMIN:
        return True
    if role == RoleName.COORDINATOR and region_id_of(user) == signal.municipality.region_id:
        return True
    if role == RoleName.OFFICIAL and user.municipality_id == signal.municipality_id:
        return True
    return through_case and signal.case_id is not None and may_hold_case(user, signal.case)


def can_triage_signal(user, signal) -> bool:
    return can_log_signal(user) and can_view_signal(user, signal)


def can_see_signal_caller(user, signal) -> bool:
    """Who sees a signal's contact person (personal data): those whose role and place let them
    triage and hold the signal (an administrator; a coordinator of its region; an official of its
    municipality). Readers and actor contacts never do, whatever case they were granted."""
    return can_log_signal(user) and may_hold_signal(user, signal, through_case=False)


# --- Registry and users ------------------------------------------------------------------------


def can_view_registry(user) -> bool:
    return role_of(user) is not None


def can_edit_registry(user) -> bool:
    return role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR}


# --- Contact details of people in the registry --------------------------------------------------

# Who works with the whole registry (the region's and the municipalities' staff) sees every person's
# e-mail and phone; readers and actor contacts only those of the people they work with.
_SEE_ALL_CONTACTS = {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}


def contact_organisations(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (organisations) to those whose people's e-mail and phone the user may see:
    every organisation for administrators, coordinators and officials; for readers and actor
    contacts their own organisation, and the member organisations (``CaseMember``) of the cases their
    organisation is a member of and that they may see (``visible_cases``: a confidential case they
    are not granted opens nothing, nor a restricted one to a reader). Nothing for anyone else."""
    role = role_of(user)
    if role in _SEE_ALL_CONTACTS:
        return qs
    if role not in {RoleName.READER, RoleName.CONTACT} or not user.organisation_id:
        return qs.none()
    member_model = _related(qs.model, "case_memberships")
    case_model = member_model._meta.get_field("case").related_model
    shared_cases = visible_cases(
        user, case_model._default_manager.filter(memberships__organisation_id=user.organisation_id)
    )
    members = member_model._default_manager.filter(case__in=shared_cases).values("organisation_id")
    return qs.filter(Q(pk=user.organisation_id) | Q(pk__in=members))


def sees_all_contact_details(user) -> bool:
    """Whether the user sees every person's e-mail and phone (``contact_organisations`` is all)."""
    return role_of(user) in _SEE_ALL_CONTACTS


def _contact_organisation_ids(user) -> frozenset[int] | None:
    """The ids of ``contact_organisations`` (None: every organisation), asked once per request and
    kept on the user object: one query however many people a page lists."""
    if sees_all_contact_details(user):
        return None
    if "_samhandla_contact_orgs" not in user.__dict__:
        organisations = _related(user._meta.model, "organisation")._default_manager.all()
        user.__dict__["_samhandla_contact_orgs"] = frozenset(
            contact_organisations(user, organisations).values_list("pk", flat=True)
        )
    return user.__dict__["_samhandla_contact_orgs"]


def can_see_contact_details(user, person) -> bool:
    """Whether the user may see a person's e-mail and phone in the registry, on case pages, in
    lists, exports and the admin (``contact_organisations``); everyone sees their own."""
    if role_of(user) is None or person is None:
        return False
    if person.user_id is not None and person.user_id == user.pk:
        return True
    ids = _contact_organisation_ids(user)
    return ids is None or person.organisation_id in ids


def can_manage_personal_data(user) -> bool:
    """A person's or user's data exported or erased on request, and what the next retention purge
    removes (privacy/): administrators, who manage the registry and the users."""
    return is_admin(user)


def can_manage_users(user) -> bool:
    return is_admin(user)


def can_see_operations(user) -> bool:
    """What runs behind the site (the health check's details: database, broker, workers): staff and
    administrators."""
    if user is None or not user.is_authenticated or not user.is_active:
        return False
    return user.is_staff or is_admin(user)


# --- Accounts: the second factor ----------------------------------------------------------------


def second_factor_required(user) -> bool:
    """Whether the user must log in with a second factor: their role is listed in
    SECOND_FACTOR_REQUIRED_ROLES (administrators and regional coordinators by default), or they are
    a superuser (SECOND_FACTOR_FOR_SUPERUSERS). Everyone else may set one up."""
    if user is None or not user.is_authenticated:
        return False
    if user.is_superuser and settings.SECOND_FACTOR_FOR_SUPERUSERS:
        return True
    return assigned_role(user) in settings.SECOND_FACTOR_REQUIRED_ROLES


def has_second_factor(user) -> bool:
    return user.is_authenticated and user_has_device(user, confirmed=True)


def can_turn_off_second_factor(user) -> bool:
    return has_second_factor(user) and not second_factor_required(user)


def can_see_case_views(user, case) -> bool:
    """The log of who viewed a confidential case: for those who may grant it."""
    return can_grant_case(user, case)


# --- Case workspace items ----------------------------------------------------------------------


def sharing_levels_for(user, case) -> list[str]:
    """Which sharing levels of a case's items the user may read (the case itself must be visible).

    The case's own staff (admins, coordinators, officials) read everything; actor contacts and
    readers read what is shared with the case's members or the company, never internal notes.
    The levels follow the role alone, the same in every case the user sees (``readable_items``
    relies on it).
    """
    if role_of(user) in {RoleName.ADMIN, RoleName.COORDINATOR, RoleName.OFFICIAL}:
        return list(Sharing.values)
    return [Sharing.MEMBERS, Sharing.COMPANY]


def visible_items(user, case, queryset):
    """Narrow a queryset of one case's workspace items to what the user may read."""
    return queryset.filter(case=case, sharing__in=sharing_levels_for(user, case))


def readable_items(user, queryset, path: str = "case"):
    """Narrow a queryset of workspace items of any cases (reached through ``path``) to what the user
    may read: in a case they may see (``narrow_by_case``; an item without a case stays), at a sharing
    level they may read there. One filter for every case: the levels follow the role alone."""
    return narrow_by_case(user, queryset, path).filter(sharing__in=sharing_levels_for(user, None))


def can_edit_workspace(user, case) -> bool:
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
        return region_id_of(user) == region.pk
    if role == RoleName.OFFICIAL:
        return region_id_of(user) == region.pk
    return False


def can_edit_roster(user, region) -> bool:
    """Administrators and the region's coordinators maintain the roster and its policy."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and region_id_of(user) == region.pk)


def can_edit_channels(user, person, *, roster_regions=()) -> bool:
    """A person's alarm channels (addresses, webhook secrets, the order they are tried in) follow
    the region of the person: the person themself (their preferences), an administrator, or a
    coordinator of the region the person's organisation belongs to or whose roster names the person
    (``roster_regions``: the ids of the regions of the rosters naming them). Another region's
    coordinator does not reach them."""
    role = role_of(user)
    if role is None:
        return False
    if person.user_id == user.pk or role == RoleName.ADMIN:
        return True
    if role != RoleName.COORDINATOR or region_id_of(user) is None:
        return False
    return region_id_of(user) == person.organisation.region_id or region_id_of(user) in set(roster_regions)


def can_view_channels(user, person, *, roster_regions) -> bool:
    """A person's alarm channels are read by whoever edits them, and by whoever may read a roster
    the person is on (as primary contact or deputy): ``roster_regions`` are those rosters' region ids."""
    if can_edit_channels(user, person, roster_regions=roster_regions):
        return True
    return any(region_id_of(user) == region_id for region_id in roster_regions) and role_of(user) in {
        RoleName.COORDINATOR,
        RoleName.OFFICIAL,
    }


def can_raise_alarm(user, municipality) -> bool:
    """Municipal officials for their municipality, coordinators for their region, administrators."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return True
    if role == RoleName.COORDINATOR:
        return region_id_of(user) == municipality.region_id
    if role == RoleName.OFFICIAL:
        return user.municipality_id == municipality.pk
    return False


def visible_alarms(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (alarms) to those a user may follow: the region's staff see its alarms; an actor
    contact sees the alarms that reached their organisation. A drill is an alarm like any other."""
    role = role_of(user)
    if role is None:
        return qs.none()
    if role == RoleName.ADMIN:
        return qs
    recipients = _related(qs.model, "recipients")
    reached = (
        Exists(recipients.objects.filter(alarm_id=OuterRef("pk"), organisation_id=user.organisation_id))
        if user.organisation_id
        else Q(pk__in=[])
    )
    if role == RoleName.COORDINATOR and region_id_of(user):
        return qs.filter(Q(region_id=region_id_of(user)) | Q(reached))
    if role == RoleName.OFFICIAL and user.municipality_id:
        return qs.filter(Q(municipality_id=user.municipality_id) | Q(raised_by=user) | Q(reached))
    if role == RoleName.READER and region_id_of(user):
        return qs.filter(region_id=region_id_of(user))
    return qs.filter(reached)


def can_view_alarm(user, alarm) -> bool:
    return visible_alarms(user, type(alarm)._default_manager.filter(pk=alarm.pk)).exists()


def can_close_alarm(user, alarm) -> bool:
    """An alarm is closed by the region's coordinator (or an administrator)."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and region_id_of(user) == alarm.region_id)


def can_answer_alarm(user, recipient) -> bool:
    """Who answers for an alarmed organisation in the app: its own users, and the region's
    coordinators (recording an answer given on the phone). Readers only read."""
    role = role_of(user)
    if role in {None, RoleName.READER}:
        return False
    if user.organisation_id and user.organisation_id == recipient.organisation_id:
        return True
    return can_close_alarm(user, recipient.alarm)


def can_answer_by_link(delivery) -> bool:
    """An alarm's answer link answers for the organisation of the person it was sent to while that
    person still works there and the channel it went out on is still theirs: a link sent to a
    channel since removed (say, a webhook someone else had added) no longer answers."""
    person = delivery.person
    if person is None or person.organisation_id != delivery.recipient.organisation_id:
        return False
    if delivery.kind == "inapp":
        return True
    return person.alarm_channels.filter(kind=delivery.kind, target=delivery.target).exists()


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
        return can_view_signal(user, alarm.signal)
    return False


# --- The routine checklist: rounds, readiness, drills, lessons ---------------------------------


# Who follows a region's readiness besides administrators: its own staff and readers.
_READINESS_ROLES = frozenset({RoleName.COORDINATOR, RoleName.READER, RoleName.OFFICIAL})


def can_view_readiness(user, region) -> bool:
    """A region's rounds, matrices, trends and readiness plan: its coordinators, officials and
    readers, and administrators. Actor contacts see their own organisation's answers only."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return True
    if role in _READINESS_ROLES:
        return region_id_of(user) == region.pk
    return False


def readiness_regions(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (regions) to those whose readiness (rounds, matrices, trends, plan) the user may
    follow: every region for administrators; their own for coordinators, readers and officials;
    none for contacts."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return qs
    if role in _READINESS_ROLES and region_id_of(user):
        return qs.filter(pk=region_id_of(user))
    return qs.none()


def can_manage_rounds(user, region) -> bool:
    """Opening and closing rounds, reminding, and turning a handlingsplan into a readiness action:
    the region's coordinators and administrators."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and region_id_of(user) == region.pk)


def can_view_participant(user, participant) -> bool:
    """An organisation's answers in a round: whoever sees the region's readiness, and the
    organisation's own users."""
    if role_of(user) is None:
        return False
    if user.organisation_id and user.organisation_id == participant.organisation_id:
        return True
    return can_view_readiness(user, participant.round.region)


def visible_participants(user, qs: QuerySet) -> QuerySet:
    """``can_view_participant`` as a filter of ``qs`` (participants, or rows reaching them through
    ``participant``): the rounds of the regions whose readiness the user follows
    (``readiness_regions``), and the user's own organisation's answers anywhere."""
    role = role_of(user)
    if role is None:
        return qs.none()
    prefix = "" if qs.model._meta.model_name == "participant" else "participant__"
    if role == RoleName.ADMIN:
        return qs
    seen = Q(pk__in=[])
    if role in _READINESS_ROLES and region_id_of(user):
        seen |= Q(**{f"{prefix}round__region_id": region_id_of(user)})
    if user.organisation_id:
        seen |= Q(**{f"{prefix}organisation_id": user.organisation_id})
    return qs.filter(seen)


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
        role == RoleName.COORDINATOR and region_id_of(user) == municipality.region_id
    )


def visible_drills(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (drills) to those a user may follow: administrators all; a coordinator their
    region's (and any they started or take part in); everyone else only the drills they take part in."""
    role = role_of(user)
    if role is None:
        return qs.none()
    if role == RoleName.ADMIN:
        return qs
    answers = _related(qs.model, "answers")
    participant = Q(Exists(answers.objects.filter(drill_id=OuterRef("pk"), user_id=user.pk)))
    if role == RoleName.COORDINATOR and region_id_of(user):
        return qs.filter(
            Q(municipality__region_id=region_id_of(user)) | Q(started_by_id=user.pk) | participant
        )
    return qs.filter(participant)


def can_view_drill(user, drill) -> bool:
    return visible_drills(user, type(drill)._default_manager.filter(pk=drill.pk)).exists()


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
        return region_id_of(user) == region.pk
    if role == RoleName.OFFICIAL:
        return bool(user.municipality_id) and region_id_of(user) == region.pk
    if role == RoleName.CONTACT and user.organisation_id:
        return region_id_of(user) in (None, region.pk)
    return False


def can_answer_drill(user, drill_answer) -> bool:
    return (
        role_of(user) is not None and drill_answer.user_id == user.pk and drill_answer.drill.closed_at is None
    )


def can_write_lesson(user, case) -> bool:
    """The retrospective of a closed or lost case: who may change the case."""
    return not case.is_active and can_change_case(user, case)


def visible_lessons(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (lessons) to the lessons of cases the user may see: a confidential case's
    lessons stay confidential."""
    cases = _related(qs.model, "case")._default_manager.all()
    return qs.filter(case__in=visible_cases(user, cases))


def can_revise_routines(user) -> bool:
    """Rewording a routine or adding one, as a new version: administrators."""
    return is_admin(user)


# --- The education supply (competence/supply) ------------------------------------------------------


def can_view_offerings(user) -> bool:
    """The region's education supply is no secret: every role reads it."""
    return role_of(user) is not None


def can_add_offering(user) -> bool:
    """Administrators, coordinators, and actor contacts (for their own organisation's offerings)."""
    role = role_of(user)
    return role in {RoleName.ADMIN, RoleName.COORDINATOR} or (
        role == RoleName.CONTACT and bool(user.organisation_id)
    )


def can_edit_offering(user, offering) -> bool:
    """An administrator; a coordinator, for an offering in their region; an actor contact, for their
    own organisation's offering (its provider)."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return True
    if role == RoleName.COORDINATOR:
        return region_id_of(user) is not None and offering.municipality.region_id == region_id_of(user)
    return (
        role == RoleName.CONTACT
        and bool(user.organisation_id)
        and offering.provider_id == user.organisation_id
    )


def offering_providers(user, qs: QuerySet) -> QuerySet:
    """The organisations the user may name as an offering's provider: an actor contact their own."""
    return qs.filter(pk=user.organisation_id) if role_of(user) == RoleName.CONTACT else qs


def offering_places(user, qs: QuerySet) -> QuerySet:
    """The municipalities the user may place an offering in: a coordinator those of their region."""
    if role_of(user) == RoleName.COORDINATOR:
        return qs.filter(region_id=region_id_of(user))
    return qs


def can_load_reference_data(user) -> bool:
    """Loading a round of Arbetsförmedlingen's Yrkesbarometer (reference data for every region), in
    the admin: administrators, and superusers (who reach the admin's every page)."""
    return bool(getattr(user, "is_active", False)) and (user.is_superuser or is_admin(user))


# --- The regional competence picture (competence/picture) ---------------------------------------


def can_view_competence_picture(user, region) -> bool:
    """A region's competence picture (demand from its cases against shortage and education supply):
    the same people who follow the region's readiness (``can_view_readiness``: its coordinators,
    officials and readers, and administrators; not actor contacts). The sums in it count only the
    cases and items the user may read (``readable_items``)."""
    return can_view_readiness(user, region)


def may_see_competence_pictures(user) -> bool:
    """Whether the menu offers the competence picture: to those who may see some region's."""
    role = role_of(user)
    return role == RoleName.ADMIN or (
        role in {RoleName.COORDINATOR, RoleName.READER, RoleName.OFFICIAL} and region_id_of(user) is not None
    )


def competence_picture_regions(user, qs: QuerySet) -> QuerySet:
    """Narrow ``qs`` (regions) to those whose competence picture the user may see."""
    return readiness_regions(user, qs)


# --- API tokens (accounts/api_tokens.py) ------------------------------------------------------------


def can_have_api_tokens(user) -> bool:
    """Every user with a role may make tokens for the API: a token acts as its user, never more."""
    return bool(getattr(user, "is_active", False)) and role_of(user) is not None


def visible_api_tokens(user, qs: QuerySet) -> QuerySet:
    """A user's own tokens; an administrator sees everyone's."""
    if is_admin(user):
        return qs
    if role_of(user) is None:
        return qs.none()
    return qs.filter(user=user)


def can_revoke_token(user, token) -> bool:
    """Its owner, and administrators."""
    return token.user_id == getattr(user, "pk", None) or is_admin(user)


# --- Outbound webhooks (api/webhooks.py) -------------------------------------------------------------


def can_manage_webhooks(user) -> bool:
    """Subscribing another system to events: a region's coordinators (for their region) and
    administrators (for any region)."""
    role = role_of(user)
    return role == RoleName.ADMIN or (role == RoleName.COORDINATOR and region_id_of(user) is not None)


def visible_webhooks(user, qs: QuerySet) -> QuerySet:
    """The endpoints a user manages: every one for administrators, their region's for coordinators."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return qs
    if role == RoleName.COORDINATOR and region_id_of(user):
        return qs.filter(region_id=region_id_of(user))
    return qs.none()


def webhook_regions(user, qs: QuerySet) -> QuerySet:
    """The regions a user may subscribe an endpoint for: every one for administrators, their own for
    coordinators."""
    role = role_of(user)
    if role == RoleName.ADMIN:
        return qs
    if role == RoleName.COORDINATOR and region_id_of(user):
        return qs.filter(pk=region_id_of(user))
    return qs.none()
