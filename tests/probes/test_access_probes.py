"""Proof by probes: every URL of the project, tried by every kind of user on every variant of the
objects it takes, GET, GET as htmx and POST; lists, tabs and exports checked object by object;
Django's admin; the fields of a confidential case only its core team may change. The oracle is
tests/probes/oracle.py, not accounts/policy.py; the world is tests/probes/world.py.

Nothing here is marked xfail: while a hole is open, its probes fail the suite. The summary (probes,
and by role: allowed, denied, leaks, over-denials) is printed at the end of the run, and with
``PROBES_REPORT=<file>`` every finding is written there, one a line.
"""

from __future__ import annotations

import pytest
from django.test import override_settings
from django.urls import reverse

from accounts import policy
from tests.test_access_harness import all_url_names

from . import admin_probes, lists
from .catalogue import ENTRIES
from .machinery import RECORDER, Probe, Result, run

pytestmark = pytest.mark.django_db

# The over-denials the oracle expects and the application refuses, where the application is right
# and the oracle too simple to say why; each with the reason. (Empty: every one found was resolved
# in the oracle, see its docstrings, or is reported as a finding.)
OVER_DENIALS_ACCEPTED: dict[tuple[str, str], str] = {}


def _fails(results: list[Result]) -> list[Result]:
    return [
        r
        for r in results
        if r.leak or r.error or (r.over_denial and (r.probe.name, r.probe.who) not in OVER_DENIALS_ACCEPTED)
    ]


def _report(what: str, results: list[Result], bad: list[Result]) -> str:
    return f"{len(bad)} of {len(results)} probes of {what}:\n" + "\n".join(r.line() for r in bad[:80])


# --- Every URL has an entry ------------------------------------------------------------------------


def test_every_url_has_an_entry():
    """As the access harness: a URL added without an entry in tests/probes/catalogue.py fails."""
    missing = all_url_names() - set(ENTRIES)
    assert not missing, f"URLs without an entry in tests/probes/catalogue.py: {sorted(missing)}"
    gone = set(ENTRIES) - all_url_names()  # the open URLs (login, the token links …) have entries too
    assert not gone, f"entries for URLs that no longer exist: {sorted(gone)}"


def test_every_admin_model_has_an_entry():
    missing = set(admin_probes.admin_models()) - set(admin_probes.OBJECTS)
    assert not missing, (
        f"admin models without an entry in tests/probes/admin_probes.py OBJECTS: {sorted(missing)}"
    )


# --- The request probes --------------------------------------------------------------------------


@pytest.mark.parametrize("name", sorted(ENTRIES))
def test_url(probe_world, name):
    results = run(probe_world, probe_world.sender, name)
    RECORDER.add(name, results)
    bad = _fails(results)
    assert not bad, _report(name, results, bad)


@pytest.mark.parametrize("label", [admin_probes.INDEX, *admin_probes.admin_models()])
def test_django_admin(probe_world, label):
    pw = probe_world
    if label != admin_probes.INDEX and label not in admin_probes.OBJECTS:
        pytest.fail(f"{label} has no entry in admin_probes.OBJECTS")
    results = [pw.sender.send(p)[0] for p in admin_probes.probes(pw, label)]
    RECORDER.add(f"django-admin {label}", results)
    bad = _fails(results)
    assert not bad, _report(f"django-admin {label}", results, bad)


# --- Lists, tabs, exports -----------------------------------------------------------------------


@pytest.mark.parametrize("page", lists.PAGES)
def test_list(probe_world, page):
    results = lists.run(probe_world, probe_world.sender, {page})
    RECORDER.list_results += results
    bad = _fails(results)
    assert not bad, _report(f"the list {page}", results, bad)


# --- The fields only a confidential case's core team may change -----------------------------------


def _case_form(case) -> dict:
    return {
        "name": case.name,
        "code_name": case.code_name,
        "company": case.company_id or "",
        "sector": case.sector,
        "kind": case.kind,
        "lead_municipality": case.lead_municipality_id,
        "candidate_municipalities": list(case.candidate_municipalities.values_list("pk", flat=True)),
        "confidentiality": case.confidentiality,
        "target_jobs": case.target_jobs or "",
        "target_date": case.target_date.isoformat() if case.target_date else "",
        "coordinator": case.coordinator_id,
        "deputy": case.deputy_id,
        "description": case.description,
        "members": list(case.memberships.values_list("organisation_id", flat=True)),
        "change_reason": "probe",
    }


@pytest.mark.parametrize("case_key", ["case24_conf", "case21_conf"])
@pytest.mark.parametrize("field", ["confidentiality", "deputy", "coordinator"])
def test_who_may_change_a_confidential_cases_core_team_and_confidentiality(probe_world, case_key, field):
    """The case form of a confidential case, posted with one sensitive field changed: who is
    responsible for it, who stands in, how confidential it is. Only its coordinator and deputy (and
    an administrator granted to change it) may; the user granted only to change its content may not."""
    from establishments.models import EstablishmentCase

    from . import oracle

    pw = probe_world
    case = EstablishmentCase.objects.get(pk=pw.cases[case_key].pk)
    new = {
        "confidentiality": "begransad",
        "deputy": pw["coordinator_same_region"].pk,
        "coordinator": pw["coordinator_same_region"].pk,
    }[field]
    data = _case_form(case) | {field: new}
    url = reverse("establishments:case_edit", kwargs={"case_pk": case.pk})
    results = []
    for key, who in pw.users.items():
        expect = oracle.case_grant(pw, who, pw.cases[case_key])
        probe = Probe(
            f"case_edit {field}",
            url,
            "POST",
            key,
            f"{case_key}: {field} -> {new}",
            expect,
            "case_grant",
            tuple(data.items()),
        )

        def changed(field=field, new=new):
            stored = EstablishmentCase.objects.values_list(
                f"{field}_id" if field != "confidentiality" else field, flat=True
            ).get(pk=case.pk)
            return stored == new

        results.append(pw.sender.send(probe, changed=changed)[0])
    RECORDER.add(f"case_edit {field} {case_key}", results)
    bad = _fails(results)
    assert not bad, _report(f"changing {field} of {case_key}", results, bad)


# --- The positive control: a deny turned allow fails the suite ----------------------------------


def test_control_a_case_policy_that_stops_narrowing_is_caught(probe_world, monkeypatch):
    """With ``visible_cases`` no longer narrowing, the same probes that pass must report leaks: the
    machinery sees a deny turned allow, and the confidential case's markers on the page."""
    pw = probe_world
    users = {"reader", "contact_other", "coordinator_other_region"}
    honest = run(pw, pw.sender, "establishments:case_detail", users=users)
    assert honest and not [r for r in honest if r.leak], "the slice must pass before the policy is broken"

    monkeypatch.setattr(policy, "visible_cases", lambda user, qs: qs if policy.role_of(user) else qs.none())
    monkeypatch.setattr(policy, "can_view_case", lambda user, case: policy.role_of(user) is not None)
    broken = run(pw, pw.sender, "establishments:case_detail", users=users)
    turned = [r for r in broken if "allowed where the oracle denies" in r.problems]
    shown = [r for r in broken if any(p.startswith("shows ") for p in r.problems)]
    assert turned and shown, "the probes did not notice the broken policy"
    assert len(_fails(broken)) >= len(turned)


def test_control_a_denial_that_writes_or_shows_is_caught(probe_world):
    """A view that says 403 after writing, or shows a marker on its 403 page, is a leak too."""
    pw = probe_world
    secret = next(m.text for m in pw.markers if m.key == "case24_restricted")  # readers may not read it
    with override_settings(ROOT_URLCONF="tests.probes.control_urls"):
        wrote = pw.sender.send(Probe("control", "/writes/", "POST", "reader", "-", False, "control"))[0]
        showed = pw.sender.send(
            Probe("control", f"/shows/?show={secret}", "GET", "reader", "-", False, "control")
        )[0]
        allowed = pw.sender.send(Probe("control", "/allows/", "GET", "reader", "-", False, "control"))[0]
    assert wrote.verdict == "deny" and any("changed" in p for p in wrote.problems), wrote
    assert showed.verdict == "deny" and any(secret in p for p in showed.problems), showed
    assert allowed.problems == ["allowed where the oracle denies"], allowed


# --- The summary ----------------------------------------------------------------------------------


def test_summary(probe_world):
    """At least 1,000 probes and no leak; the probes of groups deselected in this run are run here."""
    pw = probe_world
    for name in sorted(set(ENTRIES) - set(RECORDER.results)):
        RECORDER.add(name, run(pw, pw.sender, name))
    results = RECORDER.all
    summary = RECORDER.summary(pw)
    leaks = [r for r in results + RECORDER.list_results if r.leak]
    assert len(results) >= 1000, summary
    assert not leaks, summary + "\n" + "\n".join(r.line() for r in leaks[:100])
