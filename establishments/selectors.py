"""Reads for signals and cases, always narrowed by the access policy first."""

from __future__ import annotations

from datetime import timedelta
from functools import cached_property

from django.conf import settings
from django.db.models import Count, Exists, F, Lookup, OuterRef, Q, QuerySet, Subquery
from django.http import Http404
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import RoleName
from actors.models import Organisation
from config.paths import link

from .models import AccessChange, CaseMember, CaseViewLog, EstablishmentCase, PhaseChange, Signal
from .slots import CASE_TABS, case_tabs


class _Among(Lookup):
    """``column`` is one of the few keys a subquery gives (``IN (subquery)``). PostgreSQL is given it as
    ``column = ANY(ARRAY(subquery))``: the subquery runs once, before the rest, and the column's index
    reads just those keys' rows, where ``IN (subquery)`` may have the database read the whole table.
    For a handful of keys only: each row the database does read is compared with every key."""

    lookup_name = "among"
    prepare_rhs = False

    def _sides(self, compiler, connection):
        lhs, lhs_params = self.process_lhs(compiler, connection)
        rhs, rhs_params = compiler.compile(self.rhs)
        return lhs, rhs, (*lhs_params, *rhs_params)

    def as_sql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} IN {rhs}", params

    def as_postgresql(self, compiler, connection):
        lhs, rhs, params = self._sides(compiler, connection)
        return f"{lhs} = ANY(ARRAY{rhs})", params


# A search names the organisations it finds by key in the query itself up to this many.
NAMED_KEYS = 50
LOOK_UP = object()  # ``named`` not given: the list looks the organisations up itself


def organisations_named(q: str) -> list[int] | None:
    """The keys of the organisations with ``q`` in their name, if there are at most ``NAMED_KEYS``;
    None for more. For a search over several lists (``case_list``, ``signal_list``: ``named``), asked
    once."""
    organisations = Organisation.objects.filter(name__icontains=q).order_by().values_list("pk", flat=True)
    keys = list(organisations[: NAMED_KEYS + 1])
    return keys if len(keys) <= NAMED_KEYS else None


def _named(relation: str, q: str, keys: list[int] | None) -> Q:
    """The rows whose organisation (``relation``) has ``q`` in its name (``keys``:
    ``organisations_named(q)``). A rare word names a few organisations: their keys go into the query
    as they are, so that the database answers the search from its indexes (the key's and the other
    columns' trigram indexes) instead of reading every row. A common word names many, and most rows
    match anyway: the name is compared row by row as the list is read, newest first, until a page is
    full."""
    if keys is not None:
        return Q(**{f"{relation}_id__in": keys})
    return Q(**{f"{relation}__name__icontains": q})


def visible_signals(*, user) -> QuerySet[Signal]:
    """The signals the user may see (the policy narrows), unordered and unjoined."""
    return policy.visible_signals(user, Signal.objects.all())


def visible_cases(*, user) -> QuerySet[EstablishmentCase]:
    """The cases the user may see (the policy narrows), drill cases included, unordered and unjoined."""
    return policy.visible_cases(user, EstablishmentCase.objects.all())


def signal_list(*, user, filters: dict | None = None, named=LOOK_UP) -> QuerySet[Signal]:
    """``named``: ``organisations_named(filters["q"])``, if the caller has it already."""
    filters = filters or {}
    qs = visible_signals(user=user).select_related(
        "municipality__region", "source_organisation", "logged_by", "case"
    )
    if state := filters.get("state"):
        qs = qs.filter(state=state)
    if region := filters.get("region"):
        qs = qs.filter(municipality__region=region)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipality=municipality)
    if q := filters.get("q"):
        # Never the contact person: a search must not find (or tell) whose call it was.
        qs = qs.filter(
            Q(subject__icontains=q)
            | _named("source_organisation", q, organisations_named(q) if named is LOOK_UP else named)
            | Q(source_text__icontains=q)
            | Q(summary__icontains=q)
            | Q(sector__icontains=q)
        )
    return qs.order_by("-received_at", "-pk")


def signal_get(*, user, pk: int | str) -> Signal:
    if not str(pk).isdecimal():  # "abc", "²": no signal has such a key
        raise Http404
    signal = signal_list(user=user).filter(pk=pk).first()
    if signal is None:
        raise Http404
    policy.shown(signal)
    return signal


def signal_duplicates(
    *,
    user,
    municipality=None,
    source_organisation=None,
    source_text: str = "",
    received_at=None,
    exclude_pk: int | None = None,
    limit: int = 10,
) -> list[Signal]:
    """Likely duplicates: the same company, or the same municipality, within the window.

    Narrowed by the policy, so a likely duplicate the user may not see is never shown.
    """
    if municipality is None and source_organisation is None and not source_text:
        return []
    window = timedelta(days=settings.SIGNAL_DUPLICATE_WINDOW_DAYS)
    same = Q()
    if source_organisation is not None:
        same |= Q(source_organisation=source_organisation)
    if source_text.strip():
        same |= Q(source_text__iexact=source_text.strip()) | Q(
            source_organisation__name__iexact=source_text.strip()
        )
    if municipality is not None:
        same |= Q(municipality=municipality)
    qs = signal_list(user=user).filter(same)
    if received_at is not None:
        try:
            qs = qs.filter(received_at__gte=received_at - window, received_at__lte=received_at + window)
        except OverflowError:  # a date at the calendar's edge (year 1 or 9999) has no window around it
            return []
    if exclude_pk:
        qs = qs.exclude(pk=exclude_pk)
    return list(qs[:limit])


def case_list(*, user, filters: dict | None = None, named=LOOK_UP) -> QuerySet[EstablishmentCase]:
    """``named``: ``organisations_named(filters["q"])``, if the caller has it already."""
    filters = filters or {}
    qs = visible_cases(user=user).select_related(
        "lead_municipality", "region", "company", "coordinator", "deputy"
    )
    # Drill cases (checklist drills) are no real cases: left out unless asked for ("include"/"only").
    drills = filters.get("drills")
    if drills == "only":
        qs = qs.filter(is_drill=True)
    elif drills != "include":
        qs = qs.filter(is_drill=False)
    if phase := filters.get("phase"):
        qs = qs.filter(phase=phase)
    if region := filters.get("region"):
        qs = qs.filter(region=region)
    if municipality := filters.get("municipality"):
        qs = qs.filter(
            Q(lead_municipality=municipality) | Q(candidate_municipalities=municipality)
        ).distinct()
    if confidentiality := filters.get("confidentiality"):
        qs = qs.filter(confidentiality=confidentiality)
    if q := filters.get("q"):
        # Company names of confidential cases are not searchable: the code name stands in for them.
        qs = qs.filter(
            Q(code_name__icontains=q)
            | (
                ~Q(confidentiality="konfidentiell")
                & (
                    Q(name__icontains=q)
                    | _named("company", q, organisations_named(q) if named is LOOK_UP else named)
                )
            )
            | Q(sector__icontains=q)
        )
    return qs.order_by("-updated_at", "-pk")


def case_get(*, user, pk: int | str) -> EstablishmentCase:
    if not str(pk).isdecimal():
        raise Http404
    case = case_list(user=user, filters={"drills": "include"}).filter(pk=pk).first()
    if case is None:
        raise Http404
    policy.note_visible_case(user, case)
    policy.shown(case)
    return case


def organisation_cases(*, user, organisation, limit: int = 20) -> list[EstablishmentCase]:
    """The cases an organisation establishes or takes part in, that the user may see (not drills: a
    drill's membership is practice, not the organisation's engagement)."""
    return list(
        visible_cases(user=user)
        .filter(
            Q(company=organisation) | Q(Exists(organisation.case_memberships.filter(case_id=OuterRef("pk"))))
        )
        .filter(is_drill=False)
        .select_related("lead_municipality")
        .order_by("-updated_at")[:limit]
    )


def member_suggestions(*, user, limit: int = 24) -> list[Organisation]:
    """The organisations a new case most likely has as members: those that are members of the most
    cases the user may see in their region (every region for those bound to none), most cases first.
    Counted over the visible cases only, so a confidential case one is not granted changes nothing."""
    cases = visible_cases(user=user)
    region_id = policy.region_id_of(user)
    if region_id is not None:
        cases = cases.filter(region_id=region_id)
    return list(
        Organisation.objects.filter(case_memberships__case__in=cases.values("pk"))
        .annotate(cases=Count("case_memberships"))
        .order_by("-cases", "name", "pk")[:limit]
    )


def case_member_rows(case: EstablishmentCase) -> list[CaseMember]:
    """The case's actors with their organisation, contact and deputy, by the organisation's name (the
    order the actor map numbers them in)."""
    return list(
        CaseMember.objects.filter(case=case)
        .select_related("organisation", "contact", "deputy_contact")
        .order_by("organisation__name", "pk")
    )


def _facts_row(case: EstablishmentCase, expressions: dict) -> dict:
    return EstablishmentCase.objects.filter(pk=case.pk).values("pk").annotate(**expressions).get()


class CaseReads:
    """What several parts of one case page read of the case for ``user`` (the overview's moments and
    its facts), each read once, when first asked for. Made for one page and dropped with it, so a
    later request never sees an old answer."""

    def __init__(self, case: EstablishmentCase, user=None):
        self.case, self.user = case, user

    @cached_property
    def members(self) -> list[CaseMember]:
        return case_member_rows(self.case)

    @cached_property
    def facts(self) -> dict[str, dict]:
        """Every moment's ``facts`` (``slots.CaseTab``), by the tab's key, from one query."""
        asked = {tab.key: tab.facts(self.user, self.case) for tab in CASE_TABS.values() if tab.facts}
        row = _facts_row(
            self.case,
            {
                f"{key}_{name}": expression
                for key, facts in asked.items()
                for name, expression in facts.items()
            },
        )
        return {key: {name: row[f"{key}_{name}"] for name in facts} for key, facts in asked.items()}


def case_facts(*, user, case: EstablishmentCase, tab: str, facts, reads: CaseReads | None = None) -> dict:
    """What ``facts(user, case)`` (the ``facts`` of the tab ``tab``) come to for the case: from the
    page's shared read when there is one (``reads``), else in a query of their own."""
    if reads is not None:
        return reads.facts[tab]
    return _facts_row(case, facts(user, case))


def case_detail_context(*, user, case: EstablishmentCase, reads: CaseReads | None = None) -> dict:
    """Everything the case overview shows, in a fixed number of queries. ``openable_signals``: the
    ids of the case's signals the user may open (signals are triage work: readers and actor contacts
    see the case, but as a rule not the signals behind it, so the overview links only these)."""
    openable = Exists(policy.visible_signals(user, Signal.objects.filter(pk=OuterRef("pk"))))
    signals = list(case.signals.annotate(openable=openable).order_by("-received_at"))
    return {
        "candidates": list(case.candidate_municipalities.all()),
        "members": [m.organisation for m in (reads or CaseReads(case)).members],
        "signals": signals,
        "openable_signals": {s.pk for s in signals if s.openable},
        "phase_changes": list(PhaseChange.objects.filter(case=case).select_related("changed_by")[:20]),
    }


def case_views(*, user, case: EstablishmentCase, limit: int = 100) -> list[CaseViewLog]:
    if not policy.can_see_case_views(user, case):
        return []
    return list(CaseViewLog.objects.filter(case=case).select_related("user")[:limit])


def access_changes(*, user, case: EstablishmentCase, limit: int = 100) -> list[AccessChange]:
    """Who was given or lost access to the case, for those who manage its access."""
    if not policy.can_manage_access(user, case):
        return []
    return list(AccessChange.objects.filter(case=case).select_related("user", "by")[:limit])


def cases_for_select(*, user) -> QuerySet[EstablishmentCase]:
    """Open cases the user may link a signal to."""
    qs = (
        visible_cases(user=user)
        .exclude(phase__in=["avslutad", "forlorad"])
        .filter(is_drill=False)  # a real signal never goes into a drill case
        .select_related("lead_municipality")
    )
    return qs.order_by("name")


def _changed_last(qs: QuerySet, count: int) -> _Among:
    """The history rows (``id``) of the ``count`` objects of ``qs`` updated last."""
    return _Among(F("id"), Subquery(qs.order_by("-updated_at", "-pk").values("pk")[:count]))


# What the start page shows of a history row (besides its label): read no more of the wide rows.
_HISTORY_FIELDS = (
    "id",
    "history_date",
    "history_type",
    "history_change_reason",
    "history_user__username",
    "history_user__first_name",
    "history_user__last_name",
)


def recent_changes(*, user, limit: int = 15) -> list[dict]:
    """The latest changes to cases, signals and organisations the user may see, newest first.

    The history of cases and signals grows without end, and a user may see few of them: the latest
    changes are looked for in the history of the ``2 * limit`` cases (signals) the user may see that
    were updated last, not in all of it. Every save that writes history sets ``updated_at`` too, and
    a case's candidate municipalities are written in the same request as the case, so the newest
    history rows are those of the objects updated last; the margin covers changes made in the same
    instant."""
    rows = []
    objects = 2 * limit
    case_hist = (
        EstablishmentCase.history.filter(
            _changed_last(visible_cases(user=user).filter(is_drill=False), objects)
        )
        .select_related("history_user")
        .only(*_HISTORY_FIELDS, "name", "code_name", "confidentiality")
        .order_by("-history_date")[:limit]
    )
    for h in case_hist:
        rows.append(
            {
                "when": h.history_date,
                "who": h.history_user,
                "type": h.history_type,
                "what": _("Case"),
                "label": h.code_name if h.confidentiality == "konfidentiell" else h.name,
                "url": link("establishments:case_detail", h.id),
                "reason": gettext(h.history_change_reason) if h.history_change_reason else "",
            }
        )
    signal_hist = (
        Signal.history.filter(_changed_last(visible_signals(user=user), objects))
        .select_related("history_user")
        .only(*_HISTORY_FIELDS, "subject")
        .order_by("-history_date")[:limit]
    )
    for h in signal_hist:
        label = h.subject or _("Signal")  # the subject, never the sender's free text or the caller
        rows.append(
            {
                "when": h.history_date,
                "who": h.history_user,
                "type": h.history_type,
                "what": _("Signal"),
                "label": label,
                "url": link("establishments:signal_detail", h.id),
                "reason": gettext(h.history_change_reason) if h.history_change_reason else "",
            }
        )
    if policy.can_view_registry(user):
        organisations = Organisation.history.select_related("history_user").only(*_HISTORY_FIELDS, "name")
        for h in organisations.order_by("-history_date")[:limit]:
            rows.append(
                {
                    "when": h.history_date,
                    "who": h.history_user,
                    "type": h.history_type,
                    "what": _("Organisation"),
                    "label": h.name,
                    "url": link("actors:organisation_detail", h.id),
                    "reason": gettext(h.history_change_reason) if h.history_change_reason else "",
                }
            )
    rows.sort(key=lambda r: r["when"], reverse=True)
    # One save can write two history rows (the record, then its many-to-many links): show it once.
    unique, seen = [], set()
    for row in rows:
        key = (row["url"], row["who"], row["reason"], row["when"].replace(microsecond=0))
        if key not in seen:
            seen.add(key)
            unique.append(row)
    return unique[:limit]


def dashboard(*, user) -> dict:
    # Only what the start page shows of each list: fewer joins to plan and to read.
    new_signals = list(
        signal_list(user=user, filters={"state": Signal.State.NEW})
        .select_related(None)
        .select_related("municipality")[:10]
    )
    return {
        "new_signals": new_signals,
        "my_cases": my_cases(user=user),
        "recent": recent_changes(user=user, limit=10),
    }


def my_cases(*, user, limit: int = 10) -> list[EstablishmentCase]:
    """The cases that are the user's own: those they coordinate or deputise, those opened from a
    signal they logged, and for an official those their municipality leads or is a candidate in.
    Those who hold no case (readers, actor contacts) get the open cases they may see."""
    cases = case_list(user=user).select_related(None).select_related("lead_municipality")
    if not policy.can_log_signal(user):
        return list(cases.exclude(phase__in=["avslutad", "forlorad"])[:limit])
    logged = Signal.objects.filter(logged_by=user, case__isnull=False).values("case_id")
    mine = Q(coordinator=user) | Q(deputy=user) | Q(pk__in=logged)
    if policy.role_of(user) == RoleName.OFFICIAL and user.municipality_id:
        candidate = EstablishmentCase.candidate_municipalities.through.objects.filter(
            municipality_id=user.municipality_id
        )
        mine |= Q(lead_municipality_id=user.municipality_id) | Q(
            pk__in=candidate.values("establishmentcase_id")
        )
    return list(cases.filter(mine).order_by("-updated_at", "-pk")[:limit])


def case_workspace_context(*, user, case: EstablishmentCase, active_tab: str) -> dict:
    """What every tab of a case's workspace needs: the tabs, and what the user may do."""
    return {
        "case": case,
        "tabs": case_tabs(case),
        "active_tab": active_tab,
        "can_change": policy.can_change_case(user, case),
        "can_grant": policy.can_grant_case(user, case),
        "can_edit": policy.can_edit_workspace(user, case),
    }
