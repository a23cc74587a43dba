"""Reads for the action plan (moment 5), always narrowed by the access policy first."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db.models import Count, Min, OuterRef, Prefetch, Q, QuerySet
from django.http import Http404
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from accounts.models import RoleName, Sharing
from actors.models import Person
from competence.models import CompetenceGap, LivingNeed
from config.queries import count_of
from establishments.models import EstablishmentCase, Theme
from establishments.selectors import CaseReads, case_facts
from establishments.slots import Check, Progress

from .models import FINISHED_ACTION_STATUSES, Action, CalendarFeed, CommitmentState

# What a feed's token can be: services.calendar_feed_create makes them with secrets.token_urlsafe.
FEED_TOKEN = re.compile(r"[A-Za-z0-9_-]{1,64}")


def _base(qs: QuerySet[Action], *, user, case: EstablishmentCase) -> QuerySet[Action]:
    """Actions with their linked gaps and needs, the links narrowed like the gaps and needs themselves:
    an action shared with the members never shows an internal gap or need."""
    gaps = policy.visible_items(user, case, CompetenceGap.objects.select_related("occupation"))
    needs = policy.visible_items(user, case, LivingNeed.objects.all())
    return qs.select_related(
        "case", "owner_organisation", "owner_person", "proposed_by", "responded_by", "created_by"
    ).prefetch_related(Prefetch("gaps", queryset=gaps), Prefetch("living_needs", queryset=needs))


def action_list(*, user, case: EstablishmentCase, sharing: list[str] | None = None) -> QuerySet[Action]:
    """The case's actions the user may read (optionally only some sharing levels), by theme and date."""
    qs = policy.visible_items(user, case, Action.objects.all())
    if sharing is not None:
        qs = qs.filter(sharing__in=sharing)
    return _base(qs, user=user, case=case).order_by("theme", "due_date", "pk")


def action_get(*, user, case: EstablishmentCase, pk: int) -> Action:
    action = action_list(user=user, case=case).filter(pk=pk).first()
    if action is None:
        raise Http404
    return action


def action_plan_context(*, user, case: EstablishmentCase) -> dict:
    """The tab: actions grouped by theme, what needs attention, and what the user may answer."""
    actions = list(action_list(user=user, case=case))
    today = timezone.localdate()
    labels = dict(Theme.choices)
    groups: dict[str, list[Action]] = defaultdict(list)
    for a in actions:
        groups[a.theme].append(a)
    order = [t for t in Theme.values if t in groups]
    respondable = {
        a.pk
        for a in actions
        if a.commitment == CommitmentState.PROPOSED and policy.can_respond_to_commitment(user, a)
    }
    return {
        "groups": [{"theme": t, "label": labels[t], "actions": groups[t]} for t in order],
        "actions": actions,
        "today": today,
        "overdue_count": sum(1 for a in actions if a.is_overdue(today)),
        "unaccepted_count": sum(1 for a in actions if a.unaccepted),
        "respondable": respondable,
        "has_company_items": any(a.sharing == Sharing.COMPANY for a in actions),
    }


def action_plan_facts(user, case: EstablishmentCase) -> dict:
    """How many competence gaps and living-environment needs of the case there are, and how many no
    action the user sees serves, as expressions on the case's row."""
    gaps = policy.visible_items(user, case, CompetenceGap.objects.all())
    needs = policy.visible_items(user, case, LivingNeed.objects.all())
    served = policy.visible_items(user, case, Action.objects.all()).values("pk")

    gaps, needs = gaps.filter(case=OuterRef("pk")), needs.filter(case=OuterRef("pk"))
    return {
        "gaps": count_of(gaps),
        "unserved_gaps": count_of(gaps.exclude(actions__in=served)),
        "needs": count_of(needs),
        "unserved_needs": count_of(needs.exclude(actions__in=served)),
    }


def action_plan_progress(*, user, case: EstablishmentCase, reads: CaseReads | None = None) -> Progress:
    """Checks of a sound action plan, over what the user may see, each linking to the first action
    that fails it (or to where actions are added). Checks about actions are not met while the plan
    has none. Three queries (two with ``reads``: the overview reads every moment's facts at once)."""
    qs = policy.visible_items(user, case, Action.objects.all())
    today = timezone.localdate()
    open_ = ~Q(status__in=FINISHED_ACTION_STATUSES)
    failing = {
        "no_owner": Q(owner_organisation__isnull=True),
        "no_due": Q(due_date__isnull=True) & open_,
        "unaccepted": Q(commitment__in=[CommitmentState.PROPOSED, CommitmentState.DECLINED]),
        "overdue": Q(due_date__lt=today) & open_,
    }
    # One row per theme: the counts add up, the first failing action is the least of the themes'.
    by_theme = list(
        qs.order_by()
        .values("theme")
        .annotate(
            total=Count("pk"),
            **{key: Count("pk", filter=q) for key, q in failing.items()},
            **{f"{key}_first": Min("pk", filter=q) for key, q in failing.items()},
        )
    )
    covered = {row["theme"] for row in by_theme}
    stats = {"total": sum(row["total"] for row in by_theme)}
    for key in failing:
        stats[key] = sum(row[key] for row in by_theme)
        stats[f"{key}_first"] = min(
            (row[f"{key}_first"] for row in by_theme if row[f"{key}_first"] is not None), default=None
        )
    url = reverse("workspace:action_plan", kwargs={"case_pk": case.pk})
    add_url = f"{url}#plan-actions"
    none_yet = _("no actions yet")

    def about_actions(label, key: str, text: str) -> Check:
        """A check of every action: not met without actions; else links to the first that fails."""
        if not stats["total"]:
            return Check(label, False, add_url, none_yet)
        if not stats[key]:
            return Check(label, True, url)
        return Check(label, False, f"{url}#action-{stats[key + '_first']}", text)

    n = stats  # the counts the sentences below are about

    checks = [
        Check(_("The plan has actions"), stats["total"] > 0, add_url, "" if stats["total"] else none_yet),
        about_actions(
            _("Every action has an owner"),
            "no_owner",
            ngettext("%(n)d action without an owner", "%(n)d actions without an owner", n["no_owner"])
            % {"n": n["no_owner"]},
        ),
        about_actions(
            _("Every open action has a due date"),
            "no_due",
            ngettext("%(n)d action without a due date", "%(n)d actions without a due date", n["no_due"])
            % {"n": n["no_due"]},
        ),
        about_actions(
            _("Every proposed commitment is accepted"),
            "unaccepted",
            ngettext("%(n)d commitment not accepted", "%(n)d commitments not accepted", n["unaccepted"])
            % {"n": n["unaccepted"]},
        ),
        about_actions(
            _("No action is overdue"),
            "overdue",
            ngettext("%(n)d action overdue", "%(n)d actions overdue", n["overdue"]) % {"n": n["overdue"]},
        ),
    ]
    # Every theme someone is responsible for on the actor map has an action.
    themes_needed = set()
    for member in (reads or CaseReads(case)).members:
        themes_needed.update(t for t in member.themes or [] if t in Theme.values)
    if themes_needed:
        missing = sorted(themes_needed - covered)
        checks.append(
            Check(
                _("Every theme of the actor map has an action"),
                not missing,
                add_url,
                ngettext(
                    "%(n)d theme of the actor map without an action",
                    "%(n)d themes of the actor map without an action",
                    len(missing),
                )
                % {"n": len(missing)}
                if missing
                else "",
            )
        )
    # Every competence gap and living-environment need of the case is served by an action.
    served_by = case_facts(user=user, case=case, tab="action_plan", facts=action_plan_facts, reads=reads)
    if served_by["gaps"]:
        n = served_by["unserved_gaps"]
        checks.append(
            Check(
                _("Every competence gap is served by an action"),
                not n,
                add_url,
                ngettext("%(n)d gap without an action", "%(n)d gaps without an action", n) % {"n": n}
                if n
                else "",
            )
        )
    if served_by["needs"]:
        n = served_by["unserved_needs"]
        checks.append(
            Check(
                _("Every living-environment need is served by an action"),
                not n,
                add_url,
                ngettext(
                    "%(n)d living-environment need without an action",
                    "%(n)d living-environment needs without an action",
                    n,
                )
                % {"n": n}
                if n
                else "",
            )
        )
    return Progress(checks)


def action_export_rows(*, user, case: EstablishmentCase, audience: str) -> list[Action]:
    """The actions for an export: for the company only what may be shared with it; internally
    everything the user may see."""
    sharing = [Sharing.COMPANY] if audience == "company" else None
    return list(action_list(user=user, case=case, sharing=sharing))


# --- Calendar feed -----------------------------------------------------------------------------


def calendar_feed_get(*, token: str) -> CalendarFeed:
    """The active feed with this token, of an active user; 404 otherwise."""
    if not FEED_TOKEN.fullmatch(token):  # not one we issue; PostgreSQL refuses to compare a NUL
        raise Http404
    feed = (
        CalendarFeed.objects.select_related("user")
        .filter(token=token, revoked_at__isnull=True, user__is_active=True)
        .first()
    )
    if feed is None or not token:
        raise Http404
    return feed


def calendar_feeds(*, user) -> list[CalendarFeed]:
    return list(CalendarFeed.objects.filter(user=user)[:20])


def calendar_actions(*, user) -> list[Action]:
    """Due dates of unfinished actions in every case the user may see, narrowed now by the policy."""
    cases = list(
        policy.visible_cases(user, EstablishmentCase.objects.all()).only(
            "pk", "confidentiality", "region_id", "coordinator_id"
        )
    )
    by_levels: dict[tuple, list[int]] = defaultdict(list)
    for case in cases:
        by_levels[tuple(sorted(policy.sharing_levels_for(user, case)))].append(case.pk)
    if not by_levels:
        return []
    q = Q()
    for levels, ids in by_levels.items():
        q |= Q(case_id__in=ids, sharing__in=levels)
    return list(
        Action.objects.filter(q, due_date__isnull=False)
        .exclude(status__in=FINISHED_ACTION_STATUSES)
        .select_related("case", "owner_organisation")
        .order_by("due_date", "pk")
    )


# --- What waits for the user (the start page) ----------------------------------------------------

ATTENTION_LIMIT = 10


# What the start page shows of an action waiting for the user (its title, case, dates, state and
# owner): the rows are read no wider than that.
_ATTENTION_FIELDS = (
    "case_id",
    "title",
    "due_date",
    "status",
    "sharing",
    "proposed_at",
    "proposed_by_id",
    "owner_organisation_id",
    "case__name",
    "case__code_name",
    "case__confidentiality",
    "owner_organisation__name",
)


def commitments_to_accept(*, user, limit: int = ATTENTION_LIMIT) -> list[Action]:
    """Actions proposed to the user's organisation and not yet answered, in cases the user may see
    (the rule of ``policy.can_respond_to_commitment``), the oldest proposal first. Two queries."""
    if policy.role_of(user) in {None, RoleName.READER} or not user.organisation_id:
        return []
    proposed = Action.objects.filter(
        owner_organisation_id=user.organisation_id, commitment=CommitmentState.PROPOSED
    )
    qs = policy.readable_items(user, proposed, "case")
    return list(
        qs.select_related("case", "proposed_by", "owner_organisation")
        .only(
            *_ATTENTION_FIELDS, "proposed_by__username", "proposed_by__first_name", "proposed_by__last_name"
        )
        .order_by("proposed_at", "pk")[:limit]
    )


def overdue_actions_for(*, user, limit: int = ATTENTION_LIMIT) -> list[Action]:
    """Unfinished actions past their due date that the user, or the user's organisation, owns, in
    cases the user may see; the longest overdue first. Two queries."""
    if policy.role_of(user) is None:
        return []
    # The user's own person records as a subquery, not a join: a join reads every person.
    owner = Q(owner_person__in=Person.objects.filter(user=user).values("pk"))
    if user.organisation_id:
        owner |= Q(owner_organisation_id=user.organisation_id)
    qs = policy.readable_items(
        user,
        Action.objects.filter(owner, due_date__lt=timezone.localdate()).exclude(
            status__in=FINISHED_ACTION_STATUSES
        ),
        "case",
    )
    return list(
        qs.select_related("case", "owner_organisation")
        .only(*_ATTENTION_FIELDS)
        .order_by("due_date", "pk")[:limit]
    )
