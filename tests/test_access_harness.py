"""Every URL of the project, tried by users who must not get at it.

The harness fails when a new URL is added without an entry here, so no page escapes the
permission tests. Who may see what is decided in accounts/policy.py; this checks the pages obey.
The users, cases and signals are the suite's shared world (tests/world.py); each area lists its own
URLs beside the layer of the world it builds (``rows(w)`` in tests/<area>/harness*.py), with what a
refused request must leave unchanged there (``state(w)``).
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from establishments.models import CaseViewLog, EstablishmentCase, Signal
from tests.alarms import harness_reports, harness_roster, harness_views
from tests.alarms.harness_reports import rows as alarm_report_rows
from tests.alarms.harness_roster import rows as alarm_roster_rows
from tests.alarms.harness_views import rows as alarm_rows
from tests.api.harness import rows as webhook_rows
from tests.api.harness import state as webhook_state
from tests.checklist import harness_drills, harness_lessons, harness_readiness, harness_rounds
from tests.checklist.harness_drills import rows as drill_rows
from tests.checklist.harness_lessons import rows as lesson_rows
from tests.checklist.harness_readiness import rows as readiness_rows
from tests.checklist.harness_rounds import rows as round_rows
from tests.competence.harness import rows as competence_rows
from tests.competence.harness import supply_state
from tests.workspace.plan.harness import rows as plan_rows
from tests.world import (
    COORDINATORS,
    CORE_TEAM,
    READERS_AND_CONTACTS,
    SECRETS,
    USERS,
    Row,
    everyone_but,
)

pytestmark = pytest.mark.django_db

# Open by design: the calendar feed is reached by its private, revocable token
# (tests/workspace/plan/test_exports.py); an alarm's answer link by its signed, expiring token
# (tests/alarms/answering/test_views_answer_link.py), and a checklist round's personal answer link
# likewise (tests/checklist/rounds/test_link.py).
OPEN_URLS = {
    "login",
    "logout",
    "health",
    "password_reset_confirm",
    "password_reset",
    "password_reset_done",
    "invitation_accept",
    "set_language",
    "workspace:calendar_feed",
    "alarms:answer_link",
    "checklist:answer_link",
    "privacy:page",  # the privacy page, for everyone (tests/privacy/test_page.py)
}
# Not open, but for scrapers: an anonymous caller is asked for the bearer token (401 with
# WWW-Authenticate: Bearer), never sent to the login page a scraper cannot follow; every other
# method is 405 (tests/alarms/test_metrics.py).
BEARER_URLS = {"metrics"}
# The Django admin has its own probes (tests/probes/admin_probes.py); the REST API answers with 401/403
# rather than the login page, and is tried URL by URL, token by token, in tests/api/test_access.py.
IGNORED_NAMESPACES = {"admin", "api"}
# What every refused POST sends (each row may add its area's own fields).
POST = {"phase": "drift", "reason": "x"}
# What a refused request must leave unchanged, area by area (besides the cases and signals).
AREA_STATES = {
    "alarms": harness_views.state,
    "alarm reports and inbox": harness_reports.state,
    "rosters and channels": harness_roster.state,
    "rounds": harness_rounds.state,
    "readiness": harness_readiness.state,
    "drills": harness_drills.state,
    "lessons and routines": harness_lessons.state,
    "education supply": supply_state,
    "webhooks": webhook_state,
}


def _token(w):
    """The coordinator's API token (made once)."""
    if "api_token" not in w:
        from accounts import api_tokens

        w["api_token"] = api_tokens.token_create(user=w["coordinator"], name="harness").token
    return w["api_token"]


def url_names(*, only: str | None = None) -> set[str]:
    """Every named URL ("namespace:name"), leaving out ``IGNORED_NAMESPACES``; with ``only``, the
    URLs of that namespace alone (``only="api"``: the REST API's, which tests/api and the API probes
    try)."""
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in IGNORED_NAMESPACES and p.namespace != only:
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names if only is None else {n for n in names if n.startswith(f"{only}:")}


def all_url_names() -> set[str]:
    return url_names()


def r(name, *args):
    return reverse(name, args=args)


def routes(w) -> list[Row]:
    """Every page and endpoint: its name, its URL, and the users who must be refused (403/404), with
    what each area adds (tests.world.Row). Building them builds every area's layer of the world."""
    conf = w["case_confidential"].pk
    sig = w["signal_confidential"].pk
    org, person, role = w["organisation"].pk, w["person"].pk, w["role"].pk
    table = [
        ("dashboard", r("dashboard"), []),
        ("search", r("search") + "?q=Hemlig", []),
        # The alarm chain's metrics for Prometheus: staff only, as /health/'s details (the token path:
        # tests/alarms/test_metrics.py). Only GET and HEAD: a POST is 405 for everyone.
        Row("metrics", r("metrics"), everyone_but("admin"), refused_status=(403, 405), allowed_get=(200,)),
        ("establishments:signal_list", r("establishments:signal_list"), []),
        (
            "establishments:signal_create",
            r("establishments:signal_create"),
            READERS_AND_CONTACTS,
        ),
        ("establishments:signal_duplicates", r("establishments:signal_duplicates"), []),
        ("establishments:signal_detail", r("establishments:signal_detail", sig), everyone_but("official")),
        ("establishments:signal_history", r("establishments:signal_history", sig), everyone_but("official")),
        (
            "establishments:signal_triage",
            r("establishments:signal_triage", sig, "assess"),
            everyone_but("official"),
        ),
        ("establishments:case_list", r("establishments:case_list"), []),
        (
            "establishments:case_create",
            r("establishments:case_create"),
            READERS_AND_CONTACTS,
        ),
        (
            "establishments:case_detail",
            r("establishments:case_detail", conf),
            everyone_but(*CORE_TEAM),
        ),
        (
            "establishments:case_edit",
            r("establishments:case_edit", conf),
            everyone_but(*CORE_TEAM),
        ),
        (
            "establishments:case_phase",
            r("establishments:case_phase", conf),
            everyone_but(*CORE_TEAM),
        ),
        (
            "establishments:case_history",
            r("establishments:case_history", conf),
            everyone_but(*CORE_TEAM),
        ),
        (
            "establishments:case_access",
            r("establishments:case_access", conf),
            everyone_but(*CORE_TEAM),
        ),
        ("actors:organisation_list", r("actors:organisation_list"), []),
        ("actors:person_list", r("actors:person_list"), []),
        ("actors:organisation_create", r("actors:organisation_create"), everyone_but(*COORDINATORS)),
        ("actors:import", r("actors:import"), everyone_but(*COORDINATORS)),
        ("actors:organisation_detail", r("actors:organisation_detail", org), []),
        ("actors:organisation_edit", r("actors:organisation_edit", org), everyone_but(*COORDINATORS)),
        ("actors:organisation_history", r("actors:organisation_history", org), []),
        ("actors:role_create", r("actors:role_create", org), everyone_but(*COORDINATORS)),
        ("actors:role_edit", r("actors:role_edit", org, role), everyone_but(*COORDINATORS)),
        ("actors:role_history", r("actors:role_history", role), []),
        ("actors:person_create", r("actors:person_create"), everyone_but(*COORDINATORS)),
        ("actors:person_detail", r("actors:person_detail", person), []),
        ("actors:person_edit", r("actors:person_edit", person), everyone_but(*COORDINATORS)),
        ("actors:person_history", r("actors:person_history", person), []),
        ("actors:suggest", r("actors:suggest", "organisation") + "?q=a", []),
        ("accounts:user_list", r("accounts:user_list"), everyone_but("admin")),
        ("accounts:user_create", r("accounts:user_create"), everyone_but("admin")),
        ("accounts:user_edit", r("accounts:user_edit", w["user"].pk), everyone_but("admin")),
        ("accounts:user_set_active", r("accounts:user_set_active", w["user"].pk), everyone_but("admin")),
        # A person's or user's data exported or erased, and the retention preview: administrators only.
        ("privacy:person_export", r("privacy:person_export", person), everyone_but("admin")),
        ("privacy:person_erase", r("privacy:person_erase", person), everyone_but("admin")),
        ("privacy:user_export", r("privacy:user_export", w["user"].pk), everyone_but("admin")),
        ("privacy:user_erase", r("privacy:user_erase", w["user"].pk), everyone_but("admin")),
        ("privacy:retention", r("privacy:retention"), everyone_but("admin")),
        (
            "accounts:user_second_factor_reset",
            r("accounts:user_second_factor_reset", w["user"].pk),
            everyone_but("admin"),
        ),
        ("accounts:lockouts", r("accounts:lockouts"), everyone_but("admin")),
        ("accounts:lockout_lift", r("accounts:lockout_lift"), everyone_but("admin")),
        # One's own account: any logged-in user, for themselves (tests/accounts/test_second_factor.py).
        *[
            (f"accounts:{name}", r(f"accounts:{name}"), [])
            for name in (
                "profile",
                "password_change",
                "second_factor_enrol",
                "second_factor_verify",
                "recovery_codes_renew",
                "second_factor_turn_off",
                "sessions_end",
                "api_tokens",
            )
        ],
        # Revoking an API token: its owner and administrators (tests/api/test_api.py).
        (
            "accounts:api_token_revoke",
            r("accounts:api_token_revoke", _token(w).pk),
            everyone_but("coordinator", "admin"),
        ),
        # The case workspace, moment 1 and the journal (on the confidential case).
        (
            "workspace:goals",
            reverse("workspace:goals", kwargs={"case_pk": conf}),
            everyone_but(*CORE_TEAM),
        ),
        (
            "workspace:journal",
            reverse("workspace:journal", kwargs={"case_pk": conf}),
            everyone_but(*CORE_TEAM),
        ),
        (
            "workspace:engagement_change",
            reverse(
                "workspace:engagement_change", kwargs={"case_pk": conf, "member_pk": w["conf_member"].pk}
            ),
            everyone_but(*CORE_TEAM),
        ),
        (
            "workspace:item_create",
            reverse("workspace:item_create", kwargs={"case_pk": conf, "kind": "expectation"}),
            everyone_but(*CORE_TEAM),
        ),
        (
            "workspace:item_edit",
            reverse(
                "workspace:item_edit",
                kwargs={"case_pk": conf, "kind": "expectation", "pk": w["conf_expectation"].pk},
            ),
            everyone_but(*CORE_TEAM),
        ),
        (
            "workspace:item_delete",
            reverse(
                "workspace:item_delete",
                kwargs={"case_pk": conf, "kind": "expectation", "pk": w["conf_expectation"].pk},
            ),
            everyone_but(*CORE_TEAM),
        ),
        (
            "workspace:item_history",
            reverse(
                "workspace:item_history",
                kwargs={"case_pk": conf, "kind": "expectation", "pk": w["conf_expectation"].pk},
            ),
            everyone_but(*CORE_TEAM),
        ),
        # Action plan (moment 5): its rows, with the actions they need, live with its tests.
        *plan_rows(w),
        # The case workspace, moments 3 and 4 (actor map, contact routes, En väg in) on the
        # confidential case. Sub-objects use pk 0: the case is refused before any object is looked up
        # (tests/workspace/test_map_and_routes_permissions.py tries real objects, role by role).
        *[
            (
                f"workspace:{name}",
                reverse(f"workspace:{name}", kwargs={"case_pk": conf, **extra}),
                everyone_but(*CORE_TEAM),
            )
            for name, extra in [
                ("actor_map", {}),
                ("item_create", {"kind": "casemember"}),
                ("item_edit", {"kind": "casemember", "pk": 0}),
                ("contact_routes", {}),
                ("item_create", {"kind": "contactroute"}),
                ("item_edit", {"kind": "contactroute", "pk": 0}),
                ("route_verify", {"pk": 0}),
                ("item_create", {"kind": "routestep"}),
                ("item_edit", {"kind": "routestep", "pk": 0}),
                ("one_way_in", {}),
                ("one_way_in_pdf", {}),
            ]
        ],
        # Moment 2, competence mapping (competence/): the confidential and the open case, its items
        # made on first use by tests/competence/harness.py.
        *competence_rows(w),
        # The outbound webhooks' pages (api/webhook_views.py): tests/api/harness.py.
        *webhook_rows(w),
        # The education supply's CSV import, with its example file: who may add offerings (as
        # supply:offering_create in tests/competence/harness.py); tests/competence/test_offering_import.py.
        *[
            (
                "supply:offering_import",
                r("supply:offering_import") + query,
                ["official", "official_other", "reader"],
            )
            for query in ("", "?format=csv")
        ],
        # The alarm chain (alarms/): its alarms, rosters and channels are made on first use by
        # tests/alarms/harness_world.py.
        *alarm_rows(w),
        *alarm_report_rows(w),
        *alarm_roster_rows(w),
        # The routine checklist (checklist/): rounds and answers, readiness, drills, lessons; each
        # area's objects are made on first use by its harness module.
        *round_rows(w),
        *readiness_rows(w),
        *drill_rows(w),
        *lesson_rows(w),
    ]
    return [Row(*row) for row in table]


def state(w) -> dict:
    case, signal = w["case_confidential"], w["signal_confidential"]
    return {
        "cases and signals": (
            case.history.count(),
            signal.history.count(),
            Signal.objects.count(),
            EstablishmentCase.objects.count(),
        ),
        **{area: area_state(w) for area, area_state in AREA_STATES.items()},
    }


def test_every_url_is_in_the_harness(world):
    table = routes(world)
    covered = {row.name for row in table}
    missing = all_url_names() - covered - OPEN_URLS
    assert not missing, f"URLs without permission tests: {sorted(missing)}"
    assert routes(world) == table  # the layers are built once: asking again builds nothing new


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    for row in routes(world):
        if row.name in BEARER_URLS:
            continue  # the next test
        for method in (client.get, client.post):
            response = method(row.url)
            assert response.status_code == 302, (row.name, method.__name__)
            assert response["Location"].startswith(reverse("login")), row.name


def test_anonymous_scrapers_are_asked_for_a_token(client, world):
    rows = [row for row in routes(world) if row.name in BEARER_URLS]
    assert {row.name for row in rows} == BEARER_URLS
    for row in rows:
        response = client.get(row.url)
        assert response.status_code == 401, row.name
        assert response["WWW-Authenticate"].startswith("Bearer"), row.name
        assert "Location" not in response, row.name
        assert client.post(row.url).status_code == 405, row.name


def test_refused_users_get_no_data_and_change_nothing(client, world):
    table = routes(world)  # every area's objects first: building them is not what is checked
    before = state(world)
    for row in table:
        for key in row.refused:
            client.force_login(world[key])
            for method in ("get", "post"):
                data = {**POST, "user": world[key].pk, **(row.post or {})}
                response = getattr(client, method)(row.url, data)
                assert response.status_code in row.refused_status, (
                    row.name, row.url, key, method, response.status_code,
                )  # fmt: skip
                body = response.content.decode()
                leaked = [s for s in (*SECRETS, *row.secrets) if s in body]
                assert not leaked, (row.name, row.url, key, method, leaked)
    after = state(world)
    for area in before:
        assert after[area] == before[area], area
    case = world["case_confidential"]
    case.refresh_from_db()
    assert case.phase == "signal"
    assert not CaseViewLog.objects.exclude(user__in=[world["coordinator"], world["deputy"]]).exists()


def test_the_users_not_refused_get_the_page(client, world):
    """The control, where an area asks for it: the refusals above are the rows' rules at work, not
    pages that fail for everyone."""
    tried = 0
    for row in routes(world):
        if not row.allowed_get:
            continue
        for key in everyone_but(*row.refused):
            client.force_login(world[key])
            status = client.get(row.url).status_code
            assert status in row.allowed_get, (row.name, row.url, key, status)
            tried += 1
    assert tried


@pytest.mark.parametrize("key", USERS)
def test_lists_and_search_never_show_what_a_user_may_not_see(client, world, key):
    routes(world)  # every area's objects too: the lists and search must leave theirs out as well
    client.force_login(world[key])
    pages = [
        r("dashboard"),
        r("establishments:signal_list"),
        r("establishments:case_list"),
        r("establishments:case_list") + "?format=csv",
        r("search") + "?q=Hemlig",
        r("search") + "?q=Nordljus",
        r("actors:organisation_detail", world["member_org"].pk),
    ]
    may_see_case = key in {"coordinator", "deputy"}
    may_see_signal = key == "official"
    for url in pages:
        body = client.get(url).content.decode()
        if may_see_case and url == r("establishments:case_list"):
            assert "Projekt Nordljus" in body  # the control: the harness can see a leak when there is one
        if not may_see_case:
            assert "Projekt Nordljus" not in body and "Hemligt namn" not in body, (key, url)
        if not may_see_signal and not may_see_case:
            assert "Hemlig fabrik" not in body, (key, url)


def test_a_coordinator_does_not_reach_another_regions_open_case(client, world):
    other = world["case_other_region"]
    for key in ("coordinator", "official", "reader", "contact_other"):
        client.force_login(world[key])
        assert client.get(other.get_absolute_url()).status_code == 404, key


def test_an_actor_contact_sees_the_cases_of_their_organisation_only(client, world):
    client.force_login(world["contact"])
    assert client.get(world["case_open"].get_absolute_url()).status_code == 200
    client.force_login(world["contact_other"])
    assert client.get(world["case_open"].get_absolute_url()).status_code == 404
