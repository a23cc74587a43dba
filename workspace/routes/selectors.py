"""Reads for a case's contact routes (moment 4) and "En väg in", the company's one page of them.

Routes and steps are narrowed by ``policy.visible_items``, so actor contacts and readers never read
internal routes; every function here runs a fixed number of queries, whatever the number of routes.
"""

from __future__ import annotations

from datetime import timedelta

from django.db.models import Exists, OuterRef, Prefetch, Q
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from accounts import policy
from accounts.models import Sharing
from actors.models import Role
from config.text import short_list
from establishments import disclosure
from establishments.models import EstablishmentCase
from establishments.slots import Check, Progress

from .models import ContactRoute, RouteStep, RouteTopic

STALE_AFTER_DAYS = 90


def _current_roles():
    today = timezone.localdate()
    return Role.objects.filter(valid_from__lte=today).filter(
        Q(valid_to__isnull=True) | Q(valid_to__gte=today)
    )


def in_post(person: str) -> Exists:
    """Whether the person at ``person`` (a relation of the rows read) has a current role in their own
    organisation, as an expression of the row."""
    return Exists(
        _current_roles().filter(
            person_id=OuterRef(f"{person}_id"), organisation_id=OuterRef(f"{person}__organisation_id")
        )
    )


def people_who_left(people) -> set[int]:
    """The ids of those among ``people`` with no current role in their own organisation. People read
    with ``in_post`` (``contact_routes`` reads them so) are known; the others are looked up in one query."""
    people = [p for p in people if p is not None]
    left = {p.pk for p in people if getattr(p, "in_post", True) is False}
    unknown = [p for p in people if not hasattr(p, "in_post")]
    if unknown:
        current = set(
            _current_roles()
            .filter(person_id__in={p.pk for p in unknown})
            .values_list("person_id", "organisation_id")
        )
        left |= {p.pk for p in unknown if (p.pk, p.organisation_id) not in current}
    return left


def contact_routes(*, user, case: EstablishmentCase, sharing: list[str] | None = None) -> list[ContactRoute]:
    """The routes the user may read, each with its visible steps, in topic order.

    ``sharing`` narrows further (En väg in passes only "etableraren")."""
    levels = policy.sharing_levels_for(user, case)
    if sharing is not None:
        levels = [s for s in levels if s in sharing]
    steps = (
        RouteStep.objects.filter(sharing__in=levels)
        .select_related("person__organisation")
        .annotate(in_post=in_post("person"))
    )
    routes = list(
        policy.visible_items(user, case, ContactRoute.objects.all())
        .filter(sharing__in=levels)
        .select_related("first_contact__organisation")
        .annotate(in_post=in_post("first_contact"))
        .prefetch_related(Prefetch("steps", queryset=steps, to_attr="visible_steps"))
    )
    # Whether each person is still in post was read with the rows (``people_who_left``).
    for route in routes:
        if route.first_contact is not None:
            route.first_contact.in_post = route.in_post
        for step in route.visible_steps:
            step.person.in_post = step.in_post
    order = {value: i for i, value in enumerate(RouteTopic.values)}
    routes.sort(key=lambda r: (order.get(r.topic, 99), r.pk))
    return routes


def contact_route_warnings(routes: list[ContactRoute]) -> tuple[list[dict], set[int]]:
    """The warnings of the routes tab, and the ids of the people who have left."""
    people = [r.first_contact for r in routes] + [s.person for r in routes for s in r.visible_steps]
    left = people_who_left(people)
    warnings = []
    if not routes:
        warnings.append({"key": "empty", "text": _("No contact routes yet.")})
    topics = dict(RouteTopic.choices)
    without_fallback = []
    for topic in RouteTopic.values:
        of_topic = [r for r in routes if r.topic == topic]
        if of_topic and not any(s.is_fallback for r in of_topic for s in r.visible_steps):
            without_fallback.append(str(topics[topic]))
    if without_fallback:
        warnings.append(
            {
                "key": "fallback",
                "text": ngettext(
                    "%(count)d topic has no fallback: %(names)s.",
                    "%(count)d topics have no fallback: %(names)s.",
                    len(without_fallback),
                )
                % {"count": len(without_fallback), "names": short_list(without_fallback)},
            }
        )
    limit = timezone.localdate() - timedelta(days=STALE_AFTER_DAYS)
    stale = [r for r in routes if r.last_verified is None or r.last_verified < limit]
    for r in routes:
        r.is_stale = r in stale
    if stale:
        warnings.append(
            {
                "key": "stale",
                "text": ngettext(
                    "%(count)d route has not been verified for %(days)d days: %(names)s.",
                    "%(count)d routes have not been verified for %(days)d days: %(names)s.",
                    len(stale),
                )
                % {
                    "count": len(stale),
                    "days": STALE_AFTER_DAYS,
                    "names": short_list(f"{r.get_topic_display()} ({r.first_contact.name})" for r in stale),
                },
            }
        )
    gone = sorted({p.name for p in people if p.pk in left})
    if gone:
        warnings.append(
            {
                "key": "left",
                "text": ngettext(
                    "%(count)d contact has left their role: %(names)s.",
                    "%(count)d contacts have left their roles: %(names)s.",
                    len(gone),
                )
                % {"count": len(gone), "names": short_list(gone)},
            }
        )
    return warnings, left


def contact_routes_context(*, user, case: EstablishmentCase) -> dict:
    routes = contact_routes(user=user, case=case)
    warnings, left = contact_route_warnings(routes)
    groups = []
    for value, label in RouteTopic.choices:
        of_topic = [r for r in routes if r.topic == value]
        if of_topic:
            groups.append({"topic": value, "label": label, "routes": of_topic})
    return {"routes": routes, "groups": groups, "warnings": warnings, "left": left}


def contact_routes_progress(*, user, case: EstablishmentCase, reads=None) -> Progress:
    """Five checks: routes exist, every topic has a fallback, all verified, nobody has left, and
    something is shared with the company (En väg in is not empty). Without routes none is met."""
    routes = contact_routes(user=user, case=case)
    warnings, left = contact_route_warnings(routes)
    texts = {w["key"]: w["text"] for w in warnings}
    url = reverse("workspace:contact_routes", kwargs={"case_pk": case.pk})
    top = f"{url}#route-warnings"
    none_yet = _("No contact routes yet.")

    def check(label, key: str, first: ContactRoute | None, *, anchor: str = "") -> Check:
        if not routes:
            return Check(label, False, top, none_yet)
        if key not in texts:
            return Check(label, True, url)
        return Check(label, False, f"{url}#{anchor or f'contactroute-{first.pk}'}", texts[key])

    unfallen = next(
        (
            r
            for r in routes
            if not any(s.is_fallback for o in routes if o.topic == r.topic for s in o.visible_steps)
        ),
        None,
    )
    stale = next((r for r in routes if r.is_stale), None)
    gone = next(
        (
            r
            for r in routes
            if r.first_contact_id in left or any(s.person_id in left for s in r.visible_steps)
        ),
        None,
    )
    shared = any(r.sharing == Sharing.COMPANY for r in routes)
    return Progress(
        [
            Check(_("There are contact routes"), bool(routes), top, "" if routes else none_yet),
            check(
                _("Every topic has a fallback"),
                "fallback",
                unfallen,
                anchor=f"topic-{unfallen.topic}" if unfallen else "",
            ),
            check(
                _("Every route is verified within %(days)d days") % {"days": STALE_AFTER_DAYS}, "stale", stale
            ),
            check(_("Every contact is still in post"), "left", gone),
            Check(
                _("Something is shared with the company in One way in"),
                bool(routes) and shared,
                top,
                none_yet
                if not routes
                else ("" if shared else _("Nothing is shared with the company yet: One way in is empty.")),
            ),
        ]
    )


def one_way_in(*, user, case: EstablishmentCase) -> dict:
    """ "En väg in": what the company may be given, and only that (sharing "etableraren", no notes)."""
    routes = contact_routes(user=user, case=case, sharing=[Sharing.COMPANY])
    groups = []
    for value, label in RouteTopic.choices:
        of_topic = [r for r in routes if r.topic == value]
        if of_topic:
            groups.append({"topic": value, "label": label, "routes": of_topic})
    company = disclosure.company_name(case, disclosure.Audience.COMPANY)
    return {
        "title": disclosure.case_name(case, disclosure.Audience.COMPANY),
        "company": company,
        "groups": groups,
        "today": timezone.localdate(),
        # Whose e-mail and phone the file may carry: the policy's, as on the page.
        "contact_visible": lambda person: policy.can_see_contact_details(user, person),
    }
