"""Proof by probes, for the REST API (/api/v1/): every user of the probes' world (every role; with and
without a grant to the confidential cases), each with a personal token of their own, tries every
endpoint the router has (read from ``api.urls.router.registry``, so a viewset registered later is
probed without a change here) and the competence picture. Proven, against the oracle
(tests/probes/oracle.py, not accounts/policy.py):

1. no list, followed from its first page to its last, lists, counts or names a confidential case the
   user may not see, nor anything of it (a row whose ``case`` is it, its name or code name, a marker
   of its records), nor any row the oracle refuses the user; and a filter aimed at it (``?case=<id>``,
   its parent rows' keys, its region, municipality, name, ``konfidentiell``) finds nothing of it: the
   filters by a key give an empty list or 400. The competence picture is the same, figure for figure,
   with the confidential cases the user may not see taken out of the database;
2. every detail (``<list>/<pk>/``) of the world's objects of a confidential case answers 404 (or 403)
   to every user the oracle refuses, 200 to every user it allows (an over-denial otherwise); the
   objects that are not confidential, one of each class the oracle tells apart, as one user of each
   class (the lists of 1. judge every user on every one of them);
3. a revoked or expired token is refused (401/403) on every route (those that write and the case list
   as every user, the others as the users in turn), a read-only token on every route that writes
   (POST to signals/ and alarms/, POST actions/<pk>/respond/ …) as every user, and nothing is saved;
   the positive control shows the same writes saved with a valid read-write token.

The machinery is tests/probes/api_probes.py. Nothing here is marked xfail: while a hole is open, its
probes fail the suite, each finding naming the endpoint, the user and what leaked. The summary
(requests, list checks, leaks, over-denials, errors, by role) is printed by ``test_api_summary``; with
``API_PROBES_REPORT=<file>`` every finding is written there, one a line.
"""

from __future__ import annotations

import os
import time

import pytest
from django.db import transaction
from django.urls import reverse

from establishments import selectors as case_selectors
from establishments.models import EstablishmentCase
from workspace.plan import services as plan_services
from workspace.plan.models import Action

from .api_probes import (
    NOT_DATA,
    PICTURE,
    RECORDER,
    WRITE_DATA,
    ApiProbes,
    api_url_names,
    registered_basenames,
    router_url_names,
)
from .machinery import Result

pytestmark = pytest.mark.django_db

# Over-denials where the API is right and the oracle too simple to say why: (endpoint, user) -> why.
OVER_DENIALS_ACCEPTED: dict[tuple[str, str], str] = {}
TOKEN_KINDS = ("revoked", "expired", "read-only")


@pytest.fixture(scope="module")
def api(probe_world, django_db_blocker):
    """The probes, with the users' tokens and the few rows they add to the world, made in a savepoint
    of the world's transaction that is rolled back after this module."""
    with django_db_blocker.unblock():
        sid = transaction.savepoint()
        try:
            yield ApiProbes(probe_world)
        finally:
            transaction.savepoint_rollback(sid)


def _fails(results: list[Result]) -> list[Result]:
    return [
        r
        for r in results
        if r.leak or r.error or (r.over_denial and (r.probe.name, r.probe.who) not in OVER_DENIALS_ACCEPTED)
    ]


def _report(what: str, results: list[Result], bad: list[Result]) -> str:
    return f"{len(bad)} of {len(results)} probes of {what}:\n" + "\n".join(r.line() for r in bad[:80])


def _run_list(api: ApiProbes, basename: str) -> list[Result]:
    started = time.perf_counter()
    results, checks = api.list_probes(api.endpoints[basename])
    RECORDER.add(f"list {basename}", results, checks, time.perf_counter() - started)
    return results + checks


def _run_detail(api: ApiProbes, basename: str) -> list[Result]:
    started = time.perf_counter()
    ep = api.endpoints[basename]
    results = api.detail_probes(ep) if ep.has_detail else []
    RECORDER.add(f"detail {basename}", results, (), time.perf_counter() - started)
    return results


def _run_picture(api: ApiProbes) -> list[Result]:
    started = time.perf_counter()
    results = api.picture_probes()
    RECORDER.add("competence picture", results, (), time.perf_counter() - started)
    return results


def _run_tokens(api: ApiProbes, kind: str) -> list[Result]:
    started = time.perf_counter()
    results = api.token_probes(kind)
    RECORDER.add(f"{kind} tokens", results, (), time.perf_counter() - started)
    return results


# --- Every URL of the API is probed ------------------------------------------------------------------


def test_every_api_url_is_probed():
    """The router's URLs are probed from its registry; besides them only the competence picture holds
    data. A URL added to the API outside the router must be given probes here."""
    unprobed = api_url_names() - router_url_names() - NOT_DATA - {PICTURE}
    assert not unprobed, f"API URLs outside the router that the probes do not know: {sorted(unprobed)}"


def test_every_viewset_is_understood(api):
    """Each viewset's model is known (its rows are judged by it) and it lists."""
    unknown = [ep.basename for ep in api.endpoints.values() if ep.model is None or not ep.lists]
    assert not unknown, f"viewsets whose model or list the probes cannot find: {unknown}"
    assert set(api.endpoints) == set(registered_basenames())


# --- 1. Lists and filters; 2. details ------------------------------------------------------------------


@pytest.mark.parametrize("basename", registered_basenames())
def test_api_list(api, basename):
    results = _run_list(api, basename)
    bad = _fails(results)
    assert not bad, _report(f"the list api:{basename}-list and its filters", results, bad)


@pytest.mark.parametrize("basename", registered_basenames())
def test_api_detail(api, basename):
    results = _run_detail(api, basename)
    bad = _fails(results)
    assert not bad, _report(f"api:{basename}-detail", results, bad)


def test_competence_picture(api):
    results = _run_picture(api)
    bad = _fails(results)
    assert not bad, _report("the competence picture", results, bad)


# --- 3. Tokens ---------------------------------------------------------------------------------------


@pytest.mark.parametrize("kind", TOKEN_KINDS)
def test_tokens_that_may_not_are_refused_and_save_nothing(api, kind):
    results = _run_tokens(api, kind)
    assert results, f"no routes were tried with a {kind} token"
    bad = _fails(results)
    assert not bad, _report(f"{kind} tokens", results, bad)


# --- Positive controls ---------------------------------------------------------------------------------


def test_control_the_refused_writes_would_have_been_saved(api):
    """The writes the token probes send are saved with a valid read-write token of a user who may:
    their refusal is the token's doing, and "nothing saved" is not said of a request that saves nothing
    anyway."""
    pw = api.pw

    def post(who, name, url, token, **extra):
        data = WRITE_DATA[name]
        return api.send(
            who, "POST", url, name=name, target="control", expect=None, rule="control", token=token,
            data=data, **extra,
        )  # fmt: skip

    signal = post("official", "api:signal-list", reverse("api:signal-list"), api.write_tokens["official"])
    assert signal.result.status == 201 and signal.parsed.get("id"), signal.result.line() + signal.text[:500]
    alarm = post("coordinator", "api:alarm-list", reverse("api:alarm-list"), api.write_tokens["coordinator"])
    assert alarm.result.status == 201 and alarm.parsed.get("id"), alarm.result.line() + alarm.text[:500]
    # An action of case24_open shared with its members, proposed to the contact's organisation.
    fact = pw.items["case24_open:action:medlemmar"]
    assert fact.owner_org == pw.users["contact"].org
    respond = reverse("api:action-respond", kwargs={"pk": fact.pk})
    sid = transaction.savepoint()
    try:
        action = Action.objects.get(pk=fact.pk)
        action = plan_services.action_propose(user=pw["coordinator"], action=action, notify=False)
        if_match = {"HTTP_IF_MATCH": f'"{action.version}"'}
        answer = post("contact", "api:action-respond", respond, api.write_tokens["contact"], headers=if_match)
        assert answer.result.status == 200, answer.result.line() + answer.text[:500]
        refused = post("contact", "api:action-respond", respond, api.tokens["contact"], headers=if_match)
        assert refused.result.status == 403 and not refused.result.leak, refused.result.line()
    finally:
        transaction.savepoint_rollback(sid)


def test_control_a_case_selector_that_stops_narrowing_is_caught(api, monkeypatch):
    """With the case selectors no longer narrowing, the same probes must report leaks: rows of hidden
    confidential cases in the list, their names, their details let in."""
    users = {"reader", "contact_other", "coordinator_other_region"}
    ep = api.endpoints["case"]
    honest, _checks = api.list_probes(ep, users)
    assert honest and not [r for r in honest if r.leak], "the slice must pass before the selector is broken"

    monkeypatch.setattr(case_selectors, "case_list", lambda user, **kw: EstablishmentCase.objects.all())
    monkeypatch.setattr(
        case_selectors, "case_get", lambda user, pk, **kw: EstablishmentCase.objects.get(pk=pk)
    )
    listed, checks = api.list_probes(ep, users)
    details = api.detail_probes(ep, users)
    named = [r for r in listed if any("names the hidden confidential case" in p for p in r.problems)]
    rows = [r for r in listed if any(" refuses it" in p for p in r.problems)]
    let_in = [r for r in details if "allowed where the oracle refuses" in r.problems]
    assert named and rows and let_in and [c for c in checks if c.leak], "the probes did not notice"


def test_control_the_picture_counts_a_confidential_case_for_who_may_see_it(api):
    """The counterfactual is sharp: for the coordinator granted case24_conf, taking that case out of
    the database does change region 24's picture (its competence gap is counted)."""
    url = reverse(PICTURE, kwargs={"region_code": "24"})
    case = api.pw.cases["case24_conf"]
    seen = api.send("coordinator", "GET", url, name=PICTURE, target="control", expect=True, rule="control")
    without = api.without_cases("coordinator", url, [case.pk])
    assert seen.result.status == without.result.status == 200
    assert seen.parsed != without.parsed, "case24_conf's gap makes no difference to the picture"


# --- The summary ---------------------------------------------------------------------------------------


def test_api_summary(api, capsys):
    """Every group (those deselected in this run are run here); no leak, no error. Printed at the end."""
    for basename in registered_basenames():
        if f"list {basename}" not in RECORDER.results:
            _run_list(api, basename)
        if f"detail {basename}" not in RECORDER.results:
            _run_detail(api, basename)
    if "competence picture" not in RECORDER.results:
        _run_picture(api)
    for kind in TOKEN_KINDS:
        if f"{kind} tokens" not in RECORDER.results:
            _run_tokens(api, kind)
    summary = RECORDER.summary(api.pw)
    findings = _fails(RECORDER.all + RECORDER.all_checks)
    if path := os.environ.get("API_PROBES_REPORT"):
        with open(path, "w") as out:
            for r in findings:
                kind = "LEAK" if r.leak else "ERROR" if r.error else "OVER"
                out.write(f"{kind} {r.probe.name} {r.line()}\n")
    with capsys.disabled():
        print(f"\n{summary}")  # noqa: T201 - the summary is the point
    assert len(RECORDER.all) >= 1000, summary
    assert not findings, summary + "\n" + "\n".join(r.line() for r in findings[:100])
