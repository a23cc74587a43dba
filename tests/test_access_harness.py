"""Every URL of the project, tried by users who must not get at it.

The harness fails when a new URL is added without an entry here, so no page escapes the
permission tests. Who may see what is decided in accounts/policy.py; this checks the pages obey.
"""

import pytest
from django.urls import URLPattern, URLResolver, get_resolver, reverse

from establishments import services
from establishments.models import CaseViewLog, EstablishmentCase, Signal
from tests import factories as f
from tests.alarms.harness_reports import rows as alarm_report_rows
from tests.alarms.harness_roster import rows as alarm_roster_rows
from tests.alarms.harness_views import rows as alarm_rows
from tests.checklist.harness_drills import drill_world
from tests.checklist.harness_drills import rows as drill_rows
from tests.checklist.harness_lessons import lessons_world
from tests.checklist.harness_lessons import rows as lesson_rows
from tests.checklist.harness_readiness import rows as readiness_rows
from tests.checklist.harness_rounds import rows as round_rows
from tests.competence.harness import rows as competence_rows
from tests.workspace.plan.harness import routes as plan_routes
from workspace.core.services import item_save
from workspace.goals.models import Expectation

pytestmark = pytest.mark.django_db

SECRETS = ("Hemligt namn", "Projekt Nordljus", "Hemlig fabrik")
# Open by design: the calendar feed is reached by its private, revocable token (tests/plan/test_exports.py);
# an alarm's answer link by its signed, expiring token (tests/alarms/test_views_answer_link.py), and
# a checklist round's personal answer link likewise (tests/checklist/rounds/test_link.py).
OPEN_URLS = {
    "login",
    "logout",
    "health",
    "password_reset_confirm",
    "set_language",
    "workspace:calendar_feed",
    "alarms:answer_link",
    "checklist:answer_link",
}
IGNORED_NAMESPACES = {"admin"}


def all_url_names() -> set[str]:
    names = set()

    def walk(patterns, prefix=""):
        for p in patterns:
            if isinstance(p, URLResolver):
                if p.namespace in IGNORED_NAMESPACES:
                    continue
                walk(p.url_patterns, f"{prefix}{p.namespace}:" if p.namespace else prefix)
            elif isinstance(p, URLPattern) and p.name:
                names.add(prefix + p.name)

    walk(get_resolver().url_patterns)
    return names


@pytest.fixture
def world():
    w = {}
    w["coordinator"] = f.coordinator("24")
    w["deputy"] = f.coordinator("24")
    w["coordinator_same_region"] = f.coordinator("24")
    w["coordinator_other_region"] = f.coordinator("21")
    w["official"] = f.official("2482")
    w["official_other"] = f.official("2180")
    w["reader"] = f.reader("24")
    w["member_org"] = f.OrganisationFactory(name="Medlemmen")
    w["contact"] = f.contact(organisation=w["member_org"])
    w["contact_other"] = f.contact()
    w["admin"] = f.admin()
    w["case_open"] = f.CaseFactory(coordinator=w["coordinator"], deputy=w["deputy"])
    w["case_open"].memberships.create(organisation=w["member_org"])
    w["case_other_region"] = f.CaseFactory(lead_municipality=f.municipality("2180"))
    w["case_confidential"] = services.case_create(
        user=w["coordinator"],
        name="Hemligt namn",
        code_name="Projekt Nordljus",
        confidentiality="konfidentiell",
        lead_municipality=f.municipality("2482"),
        coordinator=w["coordinator"],
        deputy=w["deputy"],
    )
    w["signal"] = f.SignalFactory(logged_by=w["official"])
    w["signal_confidential"] = services.signal_log(
        logged_by=w["official"],
        channel="telefon",
        source_text="Hemlig fabrik",
        summary="Hemlig fabrik",
        municipality=f.municipality("2482"),
        confidentiality="konfidentiell",
    )
    w["organisation"] = f.OrganisationFactory()
    conf_case = w["case_confidential"]
    w["conf_member"] = conf_case.memberships.create(
        organisation=f.OrganisationFactory(name="Hemligt medlemsbolag")
    )
    w["conf_expectation"] = item_save(
        user=w["coordinator"],
        item=Expectation(case=conf_case, kind="farhaga", text="Hemlig fabrik", sharing="intern"),
    )
    w["person"] = f.PersonFactory(organisation=w["organisation"])
    w["role"] = f.RoleFactory(organisation=w["organisation"], person=w["person"])
    w["user"] = w["reader"]
    # Drills and lessons make their own cases: made here, before any test counts the cases.
    drill_world(w)
    lessons_world(w)
    return w


def r(name, *args):
    return reverse(name, args=args)


def routes(w):
    """(url name, url, users who must be refused with 403/404) for every page and endpoint."""
    everyone_but = lambda *allowed: [k for k in USERS if k not in allowed]  # noqa: E731
    conf = w["case_confidential"].pk
    sig = w["signal_confidential"].pk
    org, person, role = w["organisation"].pk, w["person"].pk, w["role"].pk
    registry_editors = (
        "admin",
        "coordinator",
        "deputy",
        "coordinator_same_region",
        "coordinator_other_region",
    )
    return [
        ("dashboard", r("dashboard"), []),
        ("search", r("search") + "?q=Hemlig", []),
        ("establishments:signal_list", r("establishments:signal_list"), []),
        (
            "establishments:signal_create",
            r("establishments:signal_create"),
            ["reader", "contact", "contact_other"],
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
            ["reader", "contact", "contact_other"],
        ),
        (
            "establishments:case_detail",
            r("establishments:case_detail", conf),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "establishments:case_edit",
            r("establishments:case_edit", conf),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "establishments:case_phase",
            r("establishments:case_phase", conf),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "establishments:case_history",
            r("establishments:case_history", conf),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "establishments:case_access",
            r("establishments:case_access", conf),
            everyone_but("coordinator", "deputy"),
        ),
        ("actors:organisation_list", r("actors:organisation_list"), []),
        ("actors:organisation_create", r("actors:organisation_create"), everyone_but(*registry_editors)),
        ("actors:import", r("actors:import"), everyone_but(*registry_editors)),
        ("actors:organisation_detail", r("actors:organisation_detail", org), []),
        ("actors:organisation_edit", r("actors:organisation_edit", org), everyone_but(*registry_editors)),
        ("actors:organisation_history", r("actors:organisation_history", org), []),
        ("actors:role_create", r("actors:role_create", org), everyone_but(*registry_editors)),
        ("actors:role_edit", r("actors:role_edit", org, role), everyone_but(*registry_editors)),
        ("actors:role_history", r("actors:role_history", role), []),
        ("actors:person_create", r("actors:person_create"), everyone_but(*registry_editors)),
        ("actors:person_detail", r("actors:person_detail", person), []),
        ("actors:person_edit", r("actors:person_edit", person), everyone_but(*registry_editors)),
        ("actors:person_history", r("actors:person_history", person), []),
        ("accounts:user_list", r("accounts:user_list"), everyone_but("admin")),
        ("accounts:user_create", r("accounts:user_create"), everyone_but("admin")),
        ("accounts:user_edit", r("accounts:user_edit", w["user"].pk), everyone_but("admin")),
        ("accounts:user_set_active", r("accounts:user_set_active", w["user"].pk), everyone_but("admin")),
        # The case workspace, moment 1 and the journal (on the confidential case).
        (
            "workspace:goals",
            reverse("workspace:goals", kwargs={"case_pk": conf}),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "workspace:journal",
            reverse("workspace:journal", kwargs={"case_pk": conf}),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "workspace:engagement_change",
            reverse(
                "workspace:engagement_change", kwargs={"case_pk": conf, "member_pk": w["conf_member"].pk}
            ),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "workspace:item_create",
            reverse("workspace:item_create", kwargs={"case_pk": conf, "kind": "expectation"}),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "workspace:item_edit",
            reverse(
                "workspace:item_edit",
                kwargs={"case_pk": conf, "kind": "expectation", "pk": w["conf_expectation"].pk},
            ),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "workspace:item_delete",
            reverse(
                "workspace:item_delete",
                kwargs={"case_pk": conf, "kind": "expectation", "pk": w["conf_expectation"].pk},
            ),
            everyone_but("coordinator", "deputy"),
        ),
        (
            "workspace:item_history",
            reverse(
                "workspace:item_history",
                kwargs={"case_pk": conf, "kind": "expectation", "pk": w["conf_expectation"].pk},
            ),
            everyone_but("coordinator", "deputy"),
        ),
        # Action plan (moment 5): its rows, with the actions they need, live with its tests.
        *plan_routes(w, everyone_but),
        # The case workspace, moments 3 and 4 (actor map, contact routes, En väg in) on the
        # confidential case. Sub-objects use pk 0: the case is refused before any object is looked up
        # (tests/workspace/test_map_and_routes_permissions.py tries real objects, role by role).
        *[
            (
                f"workspace:{name}",
                reverse(f"workspace:{name}", kwargs={"case_pk": conf, **extra}),
                everyone_but("coordinator", "deputy"),
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
        *competence_rows(w, everyone_but),
        # The alarm chain (alarms/): its alarms, rosters and channels are made on first use by
        # tests/alarms/harness_world.py.
        *alarm_rows(w, everyone_but),
        *alarm_report_rows(w, everyone_but),
        *alarm_roster_rows(w, everyone_but),
        # The routine checklist (checklist/): rounds and answers, readiness, drills, lessons; each
        # area's objects are made on first use by its harness module.
        *round_rows(w, everyone_but),
        *readiness_rows(w, everyone_but),
        *drill_rows(w, everyone_but),
        *lesson_rows(w, everyone_but),
    ]


USERS = [
    "coordinator",
    "deputy",
    "coordinator_same_region",
    "coordinator_other_region",
    "official",
    "official_other",
    "reader",
    "contact",
    "contact_other",
    "admin",
]


def test_every_url_is_in_the_harness(world):
    covered = {name for name, _, _ in routes(world)}
    missing = all_url_names() - covered - OPEN_URLS
    assert not missing, f"URLs without permission tests: {sorted(missing)}"


def test_anonymous_users_are_sent_to_the_login_page(client, world):
    for name, url, _ in routes(world):
        for method in (client.get, client.post):
            response = method(url)
            assert response.status_code == 302, (name, method.__name__)
            assert response["Location"].startswith(reverse("login")), name


def test_refused_users_get_no_data_and_change_nothing(client, world):
    case = world["case_confidential"]
    signal = world["signal_confidential"]
    before = (
        case.history.count(),
        signal.history.count(),
        Signal.objects.count(),
        EstablishmentCase.objects.count(),
    )
    for name, url, denied in routes(world):
        for key in denied:
            client.force_login(world[key])
            for method in ("get", "post"):
                response = getattr(client, method)(
                    url, {"phase": "drift", "user": world[key].pk, "reason": "x"}
                )
                assert response.status_code in (403, 404, 405), (name, key, method, response.status_code)
                body = response.content.decode()
                assert not any(s in body for s in SECRETS), (name, key, method)
    after = (
        case.history.count(),
        signal.history.count(),
        Signal.objects.count(),
        EstablishmentCase.objects.count(),
    )
    assert before == after
    case.refresh_from_db()
    assert case.phase == "signal"
    assert not CaseViewLog.objects.exclude(user__in=[world["coordinator"], world["deputy"]]).exists()


@pytest.mark.parametrize("key", USERS)
def test_lists_and_search_never_show_what_a_user_may_not_see(client, world, key):
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
