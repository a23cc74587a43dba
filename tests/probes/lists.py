"""Lists, tabs and exports: for each page that gathers objects (a list, a case's tab, a CSV or XLSX
export, "En väg in" and its PDF, search), every object it may gather, tried as every user: the
object's marker (or its link) is on the page exactly when the oracle lets the user read it there.

These are the other half of the request probes: a request probe says whether a user reaches a page;
a list check says whether what a page shows is what the user may read (and, where the oracle says
so, that they do see it: an over-denial here is a list that lost something).
"""

from __future__ import annotations

from dataclasses import dataclass

from django.urls import reverse

from . import oracle as o
from .machinery import Probe, Result
from .world import COMPANY, CONFIDENTIAL, INTERNAL, ProbeWorld

# A tab of a case and the kinds of records it shows.
TABS = {
    "workspace:goals": ("expectation", "milestone", "resourcecommitment"),
    "workspace:journal": ("journalentry", "followup"),
    "workspace:contact_routes": ("contactroute", "routestep"),
    "workspace:action_plan": ("action",),
    "competence:case_competence": ("competencegap", "intervention", "livingneed"),
}
# Every page checked, in the order they are run.
PAGES = (
    "establishments:case_list",
    "establishments:signal_list",
    "search",
    "checklist:lesson_library",
    "alarms:list",
    "checklist:drill_list",
    "checklist:my_rounds",
    "checklist:plan",
    *TABS,
    "workspace:one_way_in",
    "workspace:one_way_in_pdf",
    "workspace:action_plan_export",
    "workspace:calendar_feed",
)


@dataclass
class Check:
    page: str  # URL name
    url: str
    label: str  # the object
    needle: str
    expect: object  # (pw, who) -> bool
    owner: str | None = None  # the page is the same for everyone who asks: judged as its owner's


def _marker(pw: ProbeWorld, family: str, key: str) -> str | None:
    return next(
        (m.text for m in pw.markers if m.family == family and m.key == key and m.text.startswith("PRB")), None
    )


def _company(pw, who, item) -> bool:
    """ "En väg in" shows the company only what is shared with the company, whoever looks."""
    return (
        o.case_read(pw, who, pw.cases[item.case])
        and item.sharing == COMPANY
        and item.parent_sharing
        in (
            None,
            COMPANY,
        )
    )


def checks(pw: ProbeWorld) -> list[Check]:
    result: list[Check] = []
    # Lists name a confidential case by its code name, even to those granted it (its name is on its
    # own pages only): the code name is the needle there.
    named = {}
    for key, fact in pw.cases.items():
        if fact.level == CONFIDENTIAL:
            named[key] = pw[key].code_name
        elif needle := _marker(pw, "case", key):
            named[key] = needle
    for query in ("", "?format=csv"):
        url = reverse("establishments:case_list") + query
        for key, needle in named.items():
            fact = pw.cases[key]
            result.append(
                Check(
                    "establishments:case_list",
                    url,
                    key,
                    needle,
                    lambda pw, who, f=fact: o.case_read(pw, who, f),
                )
            )
    for query in ("Probefall", "Kodnamn", "Projekt"):
        search = reverse("search") + f"?q={query}"
        for key, needle in named.items():
            if needle.startswith(query) or (query == "Probefall" and needle.startswith("PRB")):
                fact = pw.cases[key]
                result.append(
                    Check("search", search, key, needle, lambda pw, who, f=fact: o.case_read(pw, who, f))
                )
    for page, url in (
        ("establishments:signal_list", reverse("establishments:signal_list")),
        ("search", reverse("search") + "?q=K%C3%A4lla"),
    ):
        for key, fact in pw.signals.items():
            if needle := _marker(pw, "signal", key):
                result.append(
                    Check(page, url, key, needle, lambda pw, who, f=fact: o.signal_read(pw, who, f))
                )
    library = reverse("checklist:lesson_library")
    for key, fact in pw.facts["lessons"].items():
        if needle := _marker(pw, "lesson", key):
            result.append(
                Check(
                    "checklist:lesson_library",
                    library,
                    key,
                    needle,
                    lambda pw, who, f=fact: o.lesson_read(pw, who, f),
                )
            )
    for key, fact in pw.facts["alarms"].items():
        needle = f'href="{reverse("alarms:detail", args=[pw[key].pk])}"'
        result.append(
            Check(
                "alarms:list",
                reverse("alarms:list"),
                key,
                needle,
                lambda pw, who, f=fact: o.alarm_read(pw, who, f),
            )
        )
    for key, fact in pw.facts["drills"].items():
        needle = f'href="{reverse("checklist:drill_detail", args=[pw[key].pk])}"'
        result.append(
            Check(
                "checklist:drill_list",
                reverse("checklist:drill_list"),
                key,
                needle,
                lambda pw, who, f=fact: o.drill_read(pw, who, f),
            )
        )
    for key in pw.facts["rounds"]:
        title = pw[key].title
        result.append(
            Check(
                "checklist:my_rounds",
                reverse("checklist:my_rounds"),
                key,
                title,
                lambda pw, who, k=key: o.may_read_marker(pw, who, "round", k),
            )
        )
    for key in ("readiness_action", "readiness_other_action"):
        region = pw[key].region.code
        result.append(
            Check(
                "checklist:plan",
                reverse("checklist:plan", args=[region]),
                key,
                _marker(pw, "readiness_action", key),
                lambda pw, who, r=region: o.readiness_read(pw, who, r),
            )
        )
    # A case's tabs, "En väg in" (page and PDF) and the action plan's exports.
    for case_key, case in pw.cases.items():
        records = [f for f in pw.items.values() if f.case == case_key and f.kind != "casemember"]
        if not records:
            continue
        for page, kinds in TABS.items():
            url = reverse(page, kwargs={"case_pk": case.pk})
            for item in (i for i in records if i.kind in kinds):
                result.append(
                    Check(
                        page,
                        url,
                        item.key,
                        _marker(pw, "item", item.key),
                        lambda pw, who, i=item: o.item_read(pw, who, i),
                    )
                )
        for page in ("workspace:one_way_in", "workspace:one_way_in_pdf"):
            url = reverse(page, kwargs={"case_pk": case.pk})
            for item in (i for i in records if i.kind in ("contactroute", "routestep")):
                result.append(
                    Check(
                        page,
                        url,
                        item.key,
                        _marker(pw, "item", item.key),
                        lambda pw, who, i=item: _company(pw, who, i),
                    )
                )
        export = reverse("workspace:action_plan_export", kwargs={"case_pk": case.pk})
        for item in (i for i in records if i.kind == "action"):
            needle = _marker(pw, "item", item.key)
            result.append(
                Check(
                    "workspace:action_plan_export",
                    export,
                    item.key,
                    needle,
                    lambda pw, who, i=item: o.item_read(pw, who, i),
                )
            )
            result.append(
                Check(
                    "workspace:action_plan_export",
                    export + "?for=company",
                    item.key,
                    needle,
                    lambda pw, who, i=item: _company(pw, who, i),
                )
            )
    # The private calendar feeds (iCal): the owner's actions with a due date, as a message says them
    # (README, the disclosure rule): never a confidential case's content nor an internal action's.
    for owner, feed in pw["calendar_feeds"].items():
        url = reverse("workspace:calendar_feed", kwargs={"token": feed.token})
        for item in (i for i in pw.items.values() if i.kind == "action"):
            result.append(
                Check(
                    "workspace:calendar_feed",
                    url,
                    item.key,
                    _marker(pw, "item", item.key),
                    lambda pw, who, i=item: (
                        o.item_read(pw, who, i)
                        and pw.cases[i.case].level != CONFIDENTIAL
                        and i.sharing != INTERNAL
                    ),
                    owner,
                )
            )
    return result


def run(pw: ProbeWorld, sender, pages: set[str] | None = None) -> list[Result]:
    """Fetch each page once per user, then judge every object it may gather."""
    by_url: dict[str, list[Check]] = {}
    for check in checks(pw):
        if pages is None or check.page in pages:
            by_url.setdefault(check.url, []).append(check)
    results = []
    for url, page_checks in by_url.items():
        for key, who in pw.users.items():
            owner = page_checks[0].owner
            if who.role is None or (owner and key != owner):
                continue  # anonymous users reach no list (the request probes say so); a feed is its owner's
            page = Probe(page_checks[0].page, url, "GET", key, "the page", True, "logged_in")
            fetched, text = sender.send(page)
            for check in page_checks:
                expect = bool(check.expect(pw, who))
                present = check.needle in text
                probe = Probe(check.page, url, "GET", key, check.label, expect, "list")
                result = Result(probe, fetched.status, "allow" if present else "deny", detail="in the list")
                if present and not expect:
                    result.problems.append(f"shows {check.needle!r} of {check.label}")
                results.append(result)
    return results
