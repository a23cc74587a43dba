"""Reads for the action plan (moment 5), always narrowed by the access policy first."""

from __future__ import annotations

import re
from collections import defaultdict

from django.db.models import Count, Prefetch, Q, QuerySet
from django.http import Http404
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from accounts.models import Sharing
from competence.models import CompetenceGap, LivingNeed
from establishments.models import CaseMember, EstablishmentCase, Theme
from establishments.slots import Progress

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


def action_plan_progress(*, user, case: EstablishmentCase) -> Progress:
    """Checks of a sound action plan, over what the user may see."""
    qs = policy.visible_items(user, case, Action.objects.all())
    today = timezone.localdate()
    stats = qs.aggregate(
        total=Count("pk"),
        no_owner=Count("pk", filter=Q(owner_organisation__isnull=True)),
        no_due=Count("pk", filter=Q(due_date__isnull=True) & ~Q(status__in=FINISHED_ACTION_STATUSES)),
        unaccepted=Count("pk", filter=Q(commitment__in=[CommitmentState.PROPOSED, CommitmentState.DECLINED])),
        overdue=Count("pk", filter=Q(due_date__lt=today) & ~Q(status__in=FINISHED_ACTION_STATUSES)),
    )
    checks: list[tuple[bool, str]] = [
        (stats["total"] > 0, _("no actions yet")),
        (
            stats["total"] > 0 and not stats["no_owner"],
            ngettext("%(n)d action without an owner", "%(n)d actions without an owner", stats["no_owner"])
            % {"n": stats["no_owner"]},
        ),
        (
            not stats["no_due"],
            ngettext("%(n)d action without a due date", "%(n)d actions without a due date", stats["no_due"])
            % {"n": stats["no_due"]},
        ),
        (
            not stats["unaccepted"],
            ngettext("%(n)d commitment not accepted", "%(n)d commitments not accepted", stats["unaccepted"])
            % {"n": stats["unaccepted"]},
        ),
        (
            not stats["overdue"],
            ngettext("%(n)d action overdue", "%(n)d actions overdue", stats["overdue"])
            % {"n": stats["overdue"]},
        ),
    ]
    # Every theme someone is responsible for on the actor map has an action.
    themes_needed = set()
    for themes in CaseMember.objects.filter(case=case).values_list("themes", flat=True):
        themes_needed.update(t for t in themes or [] if t in Theme.values)
    if themes_needed:
        covered = set(qs.values_list("theme", flat=True).distinct())
        missing = sorted(themes_needed - covered)
        checks.append(
            (
                not missing,
                ngettext(
                    "%(n)d theme of the actor map without an action",
                    "%(n)d themes of the actor map without an action",
                    len(missing),
                )
                % {"n": len(missing)},
            )
        )
    # Every competence gap and living-environment need of the case is served by an action.
    gaps = policy.visible_items(user, case, CompetenceGap.objects.all())
    if gaps.exists():
        n = gaps.exclude(actions__in=qs).count()
        checks.append(
            (not n, ngettext("%(n)d gap without an action", "%(n)d gaps without an action", n) % {"n": n})
        )
    needs = policy.visible_items(user, case, LivingNeed.objects.all())
    if needs.exists():
        n = needs.exclude(actions__in=qs).count()
        checks.append(
            (
                not n,
                ngettext(
                    "%(n)d living-environment need without an action",
                    "%(n)d living-environment needs without an action",
                    n,
                )
                % {"n": n},
            )
        )
    return Progress(
        done=sum(1 for ok, _msg in checks if ok),
        total=len(checks),
        missing=[msg for ok, msg in checks if not ok],
    )


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
