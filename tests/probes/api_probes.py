"""The REST API's probes: every endpoint of /api/v1/, as every user of the probes' world, each with a
personal token of their own, judged by the oracle (tests/probes/oracle.py), never by accounts/policy.py.

The endpoints are read from the router (``api.urls.router.registry``), not listed here: a viewset
registered later is probed as it is, with its model (what its ``get_queryset`` returns), its filters
(its filterset), its lookup and its routes. Besides them the competence picture
(``/api/v1/competence-picture/<region>/``), the one endpoint of the API outside the router that holds
data; ``NOT_DATA`` names the others (the root, the schema and its page).

What a probe judges:

- **lists** are followed from the first page to the last (the cursor's ``next``, in pages of
  ``SMALL_PAGE`` rows so that the world's few rows take several; one page where the viewset has no
  pagination). No page may show a marker of an object the user may not read (tests/probes/world.py),
  the name or code name of a confidential case they may not see, a row whose ``case`` is such a case,
  or a row the oracle says they may not read (``Subject``); a paginator's ``count`` must be the rows it
  lists. A world object they may read must be listed (else an over-denial: the list lost it). Every
  list is open to every signed-in user with a role (``list_open``) and to nobody else.
- **filters** that could find a hidden confidential case are tried with its values: its key where a
  filter points at a case (``?case=<id>``, through any path of foreign keys), the key of a hidden
  row where a filter points at another model the world has rows of (``?gap=``, ``?round=`` …), its
  region and municipality, ``konfidentiell`` for a choice that has it, its name and code name for a
  search (the users take the hidden cases in turn). A filter by the key of something hidden must give
  an empty list or 400; every page of every answer is judged as above.
- **details** (``<list>/<lookup>/``): for every world object of the endpoint's model (``subjects``) that
  is confidential or of a confidential case, as every user, the oracle's rule says 200 or 404/403; of
  the rest, one object of each class the oracle tells apart, as one user of each class (the lists
  judge every user on every object). A model the oracle knows nothing of is probed on its rows that
  hang, through foreign keys, under a world object or a confidential case (``bound_by_owners``): where
  the user may not read what a row hangs under, the row must be refused too.
- the **competence picture** of each region: who may read it (``oracle.picture_read``), and that a
  hidden confidential case changes nothing in it: the picture is asked again with the cases the user
  may not see taken out of the database (in a savepoint), and must be the same, figure for figure.
- **tokens**: a revoked or an expired token is refused (401/403) on every route, a read-only token on
  every route that writes (every non-safe method the router maps for a viewset: POST to signals/ and
  alarms/, POST actions/<pk>/respond/ …), and nothing is saved: the tables a refused request wrote to
  are compared with what they were before it.

The world is the probes' (tests/probes/world.py) with a few rows of the API probes' own
(``wider_children``: records shared wider than the parent they hang under) and the users' tokens,
made in a savepoint rolled back after the module.

Every request runs in a savepoint that is rolled back. A finding is a ``machinery.Result``: a leak
(``problems``), an over-denial (the oracle allows, the API refuses) or an error (an exception or an
unexpected status), each naming the endpoint, the user and what leaked.
"""

from __future__ import annotations

import itertools
import json
import time
from collections import Counter, defaultdict
from collections.abc import Callable
from dataclasses import dataclass
from datetime import timedelta
from urllib.parse import urlencode

import django_filters
from django.contrib.auth import get_user_model
from django.core.exceptions import FieldDoesNotExist
from django.db import connection, transaction
from django.db.models import ForeignKey, OneToOneField, ProtectedError, RestrictedError
from django.test import Client, RequestFactory
from django.urls import reverse
from django.utils import timezone
from django_filters.rest_framework import DjangoFilterBackend
from rest_framework.permissions import SAFE_METHODS
from rest_framework.request import Request

from accounts import api_tokens
from accounts.models import ApiToken
from actors.models import Municipality, Organisation, Person, Region, Role
from alarms.models import Alarm
from checklist.drills.models import Drill
from checklist.lessons.models import Lesson
from checklist.models import RegionalAction
from checklist.rounds.models import Participant, Round, RoutineAnswer
from establishments.models import EstablishmentCase, Signal
from tests.test_access_harness import url_names
from workspace.core import kinds

from . import oracle as o
from .machinery import ROLE_NAMES, WRITE, Probe, Result, _digest
from .world import CONFIDENTIAL, INTERNAL, MEMBERS, PARENTS, CaseFact, ItemFact, ProbeWorld, Who, case_fact

API = "/api/v1/"
NOT_DATA = {"api:api-root", "api:schema", "api:docs"}  # the API's URLs that hold no data of the world
PICTURE = "api:competence_picture"
ALLOW = {200, 201, 204, 400}  # 400: the request passed the checks and its data was refused
DENY = {401, 403, 404, 405}
MAX_PAGES = 200
# The whole list is walked in small pages, so that following the cursor is proven on the world's few
# rows too; a filtered list in the API's own page size.
SMALL_PAGE = 5
# A GET that is let in notes when its token was last used: not a change the request made.
IGNORED_TABLES = {"django_session", ApiToken._meta.db_table}
REFERENCE = {Region, Municipality, Organisation, Person, Role}  # read by everyone: never an owner
_addresses = (f"198.18.{a}.{b}" for a, b in itertools.product(range(256), range(1, 255)))

Rule = Callable  # (pw, who) -> bool | None (None: the oracle does not say)


# --- The oracle's notions the API needs besides tests/probes/oracle.py ------------------------------


def list_open(pw: ProbeWorld, who: Who, _=None) -> bool:
    """Every list of the API is open to every signed-in user with a role; what it holds is narrowed
    (api/permissions.py's ``HasRole`` and the README: "a token sees exactly what its user sees")."""
    return who.role is not None


def round_seen(pw: ProbeWorld, who: Who, round_: dict) -> bool | None:
    """A round is read by who follows its region's readiness (``oracle.round_read``); an organisation
    taking part sees it on its own pages, which the oracle does not extend to the round itself: there
    it does not say (``None``)."""
    if o.round_read(pw, who, round_):
        return True
    return None if who.org is not None and who.org in round_["orgs"] else False


def bound_by_owners(pw: ProbeWorld, who: Who, owners: list[tuple[str, Rule]]) -> bool | None:
    """A row of a model the oracle knows nothing of is no more visible than what it hangs under: the
    nearest world object (or confidential case) each of its foreign keys leads to. Where the user may
    not read one of them, the row is refused; otherwise the oracle does not say (``None``)."""
    return False if any(rule(pw, who) is False for _label, rule in owners) else None


# --- The world's objects, as the API's rows -----------------------------------------------------------


@dataclass(frozen=True)
class Subject:
    """A row of the world with the oracle's rule for reading it."""

    label: str
    obj: object
    rule: Rule
    rule_name: str
    case_pk: int | None = None  # the case it belongs to, if any
    confidential: bool = False  # a confidential case or signal, or what belongs to one

    @property
    def model(self) -> type:
        return type(self.obj)


def _bound(owners) -> Rule:
    return lambda pw, who: bound_by_owners(pw, who, owners)


def _fix(rule, facts) -> Rule:
    return lambda pw, who: rule(pw, who, facts)


def subjects(pw: ProbeWorld) -> list[Subject]:
    """Every object of the world the oracle has a rule for."""
    result: list[Subject] = []
    add = result.append
    cases = {fact.pk: EstablishmentCase.objects.get(pk=fact.pk) for fact in pw.cases.values()}
    secret = {fact.pk for fact in pw.cases.values() if fact.level == CONFIDENTIAL}
    for key, fact in pw.cases.items():
        add(Subject(key, cases[fact.pk], _fix(o.case_read, fact), "case_read", fact.pk, fact.pk in secret))
    for key, fact in pw.signals.items():
        signal = Signal.objects.get(pk=fact.pk)
        add(Subject(key, signal, _fix(o.signal_read, fact), "signal_read", None, fact.level == CONFIDENTIAL))
    for key, fact in pw.items.items():
        obj, case_pk = pw["items"][key], pw.cases[fact.case].pk
        obj = type(obj).objects.get(pk=obj.pk)
        add(Subject(key, obj, _fix(o.item_read, fact), "item_read", case_pk, case_pk in secret))
    for key, fact in pw.facts["lessons"].items():
        lesson, case_pk = Lesson.objects.get(pk=fact["pk"]), pw.cases[fact["case"]].pk
        add(Subject(key, lesson, _fix(o.lesson_read, fact), "lesson_read", case_pk, case_pk in secret))
    for key, fact in pw.facts["alarms"].items():
        alarm = Alarm.objects.get(pk=pw[key].pk)
        add(
            Subject(
                key, alarm, _fix(o.alarm_read, fact), "alarm_read", alarm.case_id, alarm.case_id in secret
            )
        )
    for key, fact in pw.facts["rounds"].items():
        add(Subject(key, Round.objects.get(pk=pw[key].pk), _fix(round_seen, fact), "round_seen"))
        for participant in Participant.objects.filter(round=pw[key]).order_by("pk"):
            target = {"round": fact, "organisation": participant.organisation_id}
            label = f"{key}/participant of {participant.organisation_id}"
            add(Subject(label, participant, _fix(o.participant_read, target), "participant_read"))
            answer = RoutineAnswer.objects.filter(participant=participant).order_by("pk").first()
            if answer is not None:  # one answer of each organisation
                add(Subject(f"{label}/answer", answer, _fix(o.participant_read, target), "participant_read"))
    for key in ("readiness_action", "readiness_other_action"):
        action = RegionalAction.objects.get(pk=pw[key].pk)
        add(Subject(key, action, _fix(o.readiness_read, action.region.code), "readiness_read"))
    for key, fact in pw.facts["drills"].items():
        add(Subject(key, Drill.objects.get(pk=pw[key].pk), _fix(o.drill_read, fact), "drill_read"))
    for key, channel in pw["channels"].items():
        add(
            Subject(
                f"channel of {key}", channel, _fix(o.channels_read, pw.facts["people"][key]), "channels_read"
            )
        )
    for key in ("offering24", "offering21"):
        add(Subject(key, pw[key], o.logged_in, "logged_in"))
    reference = {
        "organisation": pw["organisation"],
        "member_org": pw["member_org"],
        "case24_conf's member organisation": pw["conf_member"].organisation,
        "person": pw["person"],
        "role": pw["role"],
        "region 24": Region.objects.get(code="24"),
        "region 21": Region.objects.get(code="21"),
        "municipality 2482": Municipality.objects.get(code="2482"),
        "municipality 2180": Municipality.objects.get(code="2180"),
    }
    for label, obj in reference.items():
        add(Subject(label, obj, o.logged_in, "logged_in"))
    return result


def wider_children(pw: ProbeWorld, case_key: str = "case24_open") -> list[Subject]:
    """Records shared with the members under a parent kept internal: a follow-up of an internal journal
    entry, a step of an internal contact route, an intervention of an internal gap (the world hangs
    every child under a parent of its own level, so only these tell whether the API reads a child no
    further than its parent, as ``oracle.item_read`` says). Each a copy of the world's member-level
    child, moved under the internal parent and saved through its kind's own save; made by the API
    probes' fixture and rolled back after them."""
    made = []
    for child_kind, parent_kind in PARENTS.items():
        child = pw["items"].get(f"{case_key}:{child_kind}:{MEMBERS}")
        parent = pw["items"].get(f"{case_key}:{parent_kind}:{INTERNAL}")
        if child is None or parent is None:
            continue
        copy = type(child).objects.get(pk=child.pk)
        copy.pk = copy.id = None
        copy._state.adding = True
        link = next(f for f in _forward_keys(type(copy)) if f.related_model is type(parent))
        setattr(copy, link.name, parent)
        if hasattr(copy, "order"):
            copy.order += 10
        if hasattr(copy, "version"):
            copy.version = 1
        copy = kinds.get(child_kind).save_item(pw[case_key].coordinator, copy, None, "")
        key = f"{case_key}:{child_kind}:{MEMBERS} under {parent_kind}:{INTERNAL}"
        fact = ItemFact(key, copy.pk, case_key, child_kind, MEMBERS, parent_sharing=INTERNAL)
        made.append(Subject(key, copy, _fix(o.item_read, fact), "item_read", pw[case_key].pk))
    return made


def every_case(pw: ProbeWorld) -> dict[int, CaseFact]:
    """The facts of every case of the database (the world's under their keys, the rest as
    ``case#<pk>``): a confidential case made by a layer of the shared world counts too."""
    by_pk = {fact.pk: fact for fact in pw.cases.values()}
    for case in EstablishmentCase.objects.exclude(pk__in=list(by_pk)).order_by("pk"):
        by_pk[case.pk] = case_fact(f"case#{case.pk}", case)
    return by_pk


# --- The endpoints, from the router -------------------------------------------------------------------


@dataclass(frozen=True)
class Route:
    name: str  # URL name, e.g. api:action-respond
    method: str
    detail: bool


@dataclass(frozen=True)
class Endpoint:
    basename: str
    prefix: str
    viewset: type
    model: type | None
    paginated: bool
    lookup_field: str
    lookup_kwarg: str
    filters: dict
    routes: tuple[Route, ...]

    @property
    def list_name(self) -> str:
        return f"api:{self.basename}-list"

    @property
    def lists(self) -> bool:
        return Route(self.list_name, "GET", False) in self.routes

    @property
    def has_detail(self) -> bool:
        return Route(f"api:{self.basename}-detail", "GET", True) in self.routes

    @property
    def row_key(self) -> str:
        return "id" if self.lookup_field == "pk" else self.lookup_field

    def url(self, route: Route, value=None) -> str:
        return reverse(route.name, kwargs={self.lookup_kwarg: value} if route.detail else {})

    def detail_url(self, value) -> str:
        return reverse(f"api:{self.basename}-detail", kwargs={self.lookup_kwarg: value})


def _view(viewset, user):
    request = Request(RequestFactory().get(API))
    request.user = user
    return viewset(action="list", request=request, args=(), kwargs={}, format_kwarg=None)


def endpoints(pw: ProbeWorld) -> list[Endpoint]:
    """Every viewset of the router, with what the probes need to know of it."""
    from api.urls import router

    result = []
    for prefix, viewset, basename in router.registry:
        view = _view(viewset, pw["admin"])
        queryset = None
        try:
            queryset = view.get_queryset()
            model = queryset.model
        except Exception:  # noqa: BLE001 - a viewset that cannot list this way: its serializer says
            model = getattr(getattr(getattr(viewset, "serializer_class", None), "Meta", None), "model", None)
        filterset = (
            DjangoFilterBackend().get_filterset_class(view, queryset) if queryset is not None else None
        )
        routes = tuple(
            Route(f"api:{route.name.format(basename=basename)}", method.upper(), route.detail)
            for route in router.get_routes(viewset)
            for method, action in route.mapping.items()
            if hasattr(viewset, action)
        )
        lookup = getattr(viewset, "lookup_field", "pk") or "pk"
        result.append(
            Endpoint(
                basename=basename,
                prefix=prefix,
                viewset=viewset,
                model=model,
                paginated=getattr(viewset, "pagination_class", None) is not None,
                lookup_field=lookup,
                lookup_kwarg=getattr(viewset, "lookup_url_kwarg", None) or lookup,
                filters=dict(filterset.base_filters) if filterset is not None else {},
                routes=routes,
            )
        )
    return result


def registered_basenames() -> list[str]:
    from api.urls import router

    return [basename for _prefix, _viewset, basename in router.registry]


def api_url_names() -> set[str]:
    return url_names(only="api")


def router_url_names() -> set[str]:
    from api.urls import router

    return {f"api:{p.name}" for p in router.urls if getattr(p, "name", None)}


# --- Foreign keys: where a filter points, what a row hangs under --------------------------------------


def points_at(model, field_name: str):
    """The model whose key a filter on ``field_name`` takes (``case_id``, ``participant__round_id``,
    ``gap`` …), or None for a filter on a plain value."""
    if model is None:
        return None
    parts = field_name.split("__")
    for n, part in enumerate(parts):
        last = n == len(parts) - 1
        if part in ("pk", "id") and last:
            return model
        try:
            f = model._meta.get_field(part)
        except FieldDoesNotExist:
            return None
        if not f.is_relation or f.related_model is None:
            return None
        if last:
            return f.related_model
        model = f.related_model
    return None


def holds_cases(model, depth: int = 0) -> bool:
    """Whether the model is the case, or its rows lead to a case through foreign keys (at most three):
    then its region, municipality, name … filters are aimed at the hidden cases too."""
    if model is EstablishmentCase:
        return True
    if model is None or depth > 2 or model in REFERENCE:
        return False
    return any(holds_cases(f.related_model, depth + 1) for f in _forward_keys(model))


def _forward_keys(model):
    return [
        f
        for f in model._meta.concrete_fields
        if isinstance(f, ForeignKey | OneToOneField) and f.related_model is not get_user_model()
    ]


# --- What a response may not show ---------------------------------------------------------------------


def _choice_values(flt) -> set[str]:
    choices = flt.extra.get("choices") or []
    return {str(c[0]) for c in (choices() if callable(choices) else choices)}


def rows_of(parsed) -> list[dict]:
    if isinstance(parsed, list):
        return [r for r in parsed if isinstance(r, dict)]
    if isinstance(parsed, dict):
        if isinstance(parsed.get("results"), list):
            return [r for r in parsed["results"] if isinstance(r, dict)]
        return [parsed]
    return []


def _keys(value) -> list[str]:
    """The keys a ``case`` field names: a number, a list of them, or an object with an ``id``."""
    if isinstance(value, bool) or value is None:
        return []
    if isinstance(value, int | str):
        return [str(value)]
    if isinstance(value, dict):
        return _keys(value.get("id", value.get("pk")))
    if isinstance(value, list):
        return [k for v in value for k in _keys(v)]
    return []


@dataclass
class Sent:
    result: Result
    text: str
    parsed: object


class ApiRecorder:
    """What the API's probes found, by group (an endpoint, a token check …)."""

    def __init__(self):
        self.results: dict[str, list[Result]] = {}
        self.checks: dict[str, list[Result]] = {}  # whether a list holds a world object, per user
        self.seconds = 0.0
        self.run_seconds: dict[str, float] = {}

    def add(self, group: str, results: list[Result], checks: list[Result] = (), seconds: float = 0.0) -> None:
        self.results[group] = results
        self.checks[group] = list(checks)
        self.run_seconds[group] = seconds

    @property
    def all(self) -> list[Result]:
        return [r for rs in self.results.values() for r in rs]

    @property
    def all_checks(self) -> list[Result]:
        return [r for rs in self.checks.values() for r in rs]

    def summary(self, pw: ProbeWorld | None = None) -> str:
        requests, checks = self.all, self.all_checks
        both = requests + checks
        lines = [
            f"API probes: {len(requests)} requests, {len(checks)} list checks, {len(self.results)} groups, "
            f"{sum(self.run_seconds.values()):.1f}s ({self.seconds:.1f}s in requests); "
            f"leaks {sum(r.leak for r in both)}, over-denials {sum(r.over_denial for r in both)}, "
            f"errors {sum(r.error for r in requests)}"
        ]
        by_role: dict[str, Counter] = defaultdict(Counter)
        for r in requests:
            role = ROLE_NAMES[pw.users[r.probe.who].role] if pw else r.probe.who
            c = by_role[role]
            c["requests"] += 1
            c[r.verdict] += 1
            c["leaks"] += r.leak
            c["over-denials"] += r.over_denial
        for role, c in sorted(by_role.items()):
            lines.append(
                f"  {role:22} {c['requests']:6} requests: {c['allow']:5} allowed, {c['deny']:5} refused, "
                f"{c['leaks']:3} leaks, {c['over-denials']:3} over-denials, {c['error']} errors"
            )
        return "\n".join(lines)


RECORDER = ApiRecorder()


# --- The probes ---------------------------------------------------------------------------------------


class ApiProbes:
    """The world's users with their tokens, the endpoints, and the probes of each."""

    def __init__(self, pw: ProbeWorld):
        self.pw = pw
        self.client = Client(raise_request_exception=True)
        self.endpoints = {ep.basename: ep for ep in endpoints(pw)}
        self.subjects = wider_children(pw) + subjects(pw)  # the children first: a class's example
        self.by_row = {(s.model, s.obj.pk): s for s in self.subjects}
        self.cases = every_case(pw)
        self.case_names = {
            pk: tuple(t for t in (name, code_name) if t)
            for pk, name, code_name in EstablishmentCase.objects.values_list("pk", "name", "code_name")
        }
        self.users = dict(pw.users)
        self.tokens: dict[str, str] = {}  # read-only, for every GET
        self.write_tokens: dict[str, str] = {}
        self.revoked: dict[str, str] = {}
        self.expired: dict[str, str] = {}
        for key, who in self.users.items():
            if who.pk is None:
                continue
            user = pw[key]
            self.tokens[key] = api_tokens.token_create(user=user, name="probe: read").secret
            self.write_tokens[key] = api_tokens.token_create(
                user=user, name="probe: write", read_only=False
            ).secret
            revoked = api_tokens.token_create(user=user, name="probe: revoked", read_only=False)
            api_tokens.token_revoke(by=user, token=revoked.token)
            self.revoked[key] = revoked.secret
            expired = api_tokens.token_create(user=user, name="probe: expired", read_only=False)
            ApiToken.objects.filter(pk=expired.token.pk).update(
                expires_at=timezone.now() - timedelta(minutes=1)
            )
            self.expired[key] = expired.secret
        # ``last_used_at`` is noted at most once a minute: set ahead, a request does not note it again
        # (its savepoint would undo the note, and the next request would write it anew).
        ApiToken.objects.filter(name__startswith="probe: ").update(
            last_used_at=timezone.now() + timedelta(days=1)
        )
        self._hidden: dict[str, list[CaseFact]] = {}
        self._denied: dict[str, dict[tuple[type, str], str]] = {}
        self._fallback: dict[type, list[Subject]] = {}
        self._turns: Counter = Counter()

    def representatives(self, subjects: list[Subject]) -> set[str]:
        """One user of each class the oracle cannot tell apart on these (not confidential) objects:
        the same answer for every one of them (and signed in or not). The lists show each user every
        row of them (``list_probes``); a detail, which reads the same rows, is tried once a class."""
        classes = {}
        for key, who in self.users.items():
            signature = (who.role is None, tuple(s.rule(self.pw, who) for s in subjects))
            classes.setdefault(signature, key)
        return set(classes.values())

    # --- Who may not see what ---

    def hidden_confidential(self, who_key: str) -> list[CaseFact]:
        """The confidential cases of the database the user may not see."""
        if who_key not in self._hidden:
            who = self.users[who_key]
            self._hidden[who_key] = [
                fact
                for fact in self.cases.values()
                if fact.level == CONFIDENTIAL and not o.case_read(self.pw, who, fact)
            ]
        return self._hidden[who_key]

    def denied_rows(self, who_key: str) -> dict[tuple[type, str], str]:
        """(model, key as text) -> label: the world's rows the oracle says the user may not read."""
        if who_key not in self._denied:
            who = self.users[who_key]
            denied = {}
            for s in self.subjects:
                if s.rule(self.pw, who) is False:
                    denied[(s.model, str(s.obj.pk))] = f"{s.label} ({s.rule_name})"
                    for attr in ("code",):  # rows named by another lookup (regions, municipalities)
                        if hasattr(s.obj, attr):
                            denied[(s.model, str(getattr(s.obj, attr)))] = f"{s.label} ({s.rule_name})"
            self._denied[who_key] = denied
        return self._denied[who_key]

    def owners(self, obj, depth: int = 0) -> list[tuple[str, Rule]]:
        """The nearest world objects (or cases) ``obj`` hangs under, through its foreign keys."""
        found = []
        for f in _forward_keys(type(obj)):
            value = getattr(obj, f.attname)
            if value is None or f.related_model in REFERENCE:
                continue
            subject = self.by_row.get((f.related_model, value))
            if subject is not None:
                found.append((subject.label, subject.rule))
            elif f.related_model is EstablishmentCase:
                fact = self.cases[value]
                if fact.level == CONFIDENTIAL:  # the oracle's rule for a case the world did not design
                    found.append((fact.key, _fix(o.case_read, fact)))
            elif depth < 2:
                found += self.owners(getattr(obj, f.name), depth + 1)
        return found

    def fallback(self, model) -> list[Subject]:
        """Rows of a model the world has no subjects of, judged by ``bound_by_owners``: those refused
        to somebody, at most 30."""
        if model not in self._fallback:
            rows = []
            for obj in model._default_manager.order_by("pk")[:500]:
                owners = self.owners(obj)
                if not owners:
                    continue
                label = f"{model.__name__} {obj.pk} under " + ", ".join(sorted({lbl for lbl, _ in owners}))
                rule = _bound(owners)
                if any(rule(self.pw, who) is False for who in self.users.values() if who.role):
                    rows.append(Subject(label, obj, rule, "bound_by_owners", confidential=True))
                if len(rows) >= 30:
                    break
            self._fallback[model] = rows
        return self._fallback[model]

    def subjects_of(self, model) -> list[Subject]:
        own = [s for s in self.subjects if s.model is model]
        return own or (self.fallback(model) if model is not None else [])

    # --- Sending ---

    def send(
        self,
        who_key: str,
        method: str,
        url: str,
        *,
        name: str,
        target: str,
        expect: bool | None,
        rule: str,
        token: str | None | bool = True,
        data: dict | None = None,
        headers: dict | None = None,
        allow: set[int] = ALLOW,
        model=None,
        address: str | None = None,
    ) -> Sent:
        """One request as ``who_key`` (with their read-only token unless ``token`` names another, or is
        None: no credentials), in a savepoint rolled back, judged by the oracle's ``expect`` (None: no
        judgement of the status) and by what its body shows."""
        secret = self.tokens.get(who_key) if token is True else token
        extra = dict(headers or {})
        if secret:
            extra["HTTP_AUTHORIZATION"] = f"Bearer {secret}"
        if address:
            extra["REMOTE_ADDR"] = address
        written: set[str] = set()

        def note_writes(execute, sql, params, many, context):
            if m := WRITE.match(sql):
                written.add(m.group(1))
            return execute(sql, params, many, context)

        probe = Probe(
            name, url, method, who_key, target, bool(expect), rule, tuple(sorted((data or {}).items()))
        )
        started = time.perf_counter()
        sid = transaction.savepoint()
        status, verdict, detail, text, parsed, altered = None, "error", "", "", None, []
        try:
            with connection.execute_wrapper(note_writes):
                if method == "GET":
                    response = self.client.get(url, **extra)
                else:
                    response = self.client.generic(
                        method, url, json.dumps(data or {}), content_type="application/json", **extra
                    )
            status = response.status_code
            verdict = "allow" if status in allow else "deny" if status in DENY else "error"
            detail = "" if verdict != "error" else f"status {status}"
            text = response.content.decode("utf-8", "replace")
            try:
                parsed = json.loads(text) if text else None
                text += "\n" + json.dumps(parsed, ensure_ascii=False)
            except ValueError:
                parsed = None
            written -= IGNORED_TABLES
            if verdict != "allow" and written:
                after = {t: _digest(t) for t in written}
                transaction.savepoint_rollback(sid)
                sid = None
                altered = sorted(t for t in written if _digest(t) != after[t])
        except Exception as exc:  # noqa: BLE001 - a crash is a finding, not a stop
            verdict, detail = "error", f"{type(exc).__name__}: {exc}"[:300]
        finally:
            if sid is not None:
                transaction.savepoint_rollback(sid)
            RECORDER.seconds += time.perf_counter() - started
        result = Result(probe, status, verdict, detail=detail)
        if expect is False and verdict == "allow":
            result.problems.append("allowed where the oracle refuses")
        if altered:
            result.problems.append(f"refused but changed {', '.join(altered)}")
        result.problems += self.body_problems(who_key, text, parsed, model)
        return Sent(result, text, parsed)

    def body_problems(self, who_key: str, text: str, parsed, model) -> list[str]:
        """What a response shows that the user may not read: markers, a hidden confidential case's
        name or code name, rows of it, rows the oracle refuses."""
        if not text:
            return []
        problems = self.pw.sender.disclosed(who_key, text) if who_key in self.pw.sender.forbidden else []
        hidden = {fact.pk: fact for fact in self.hidden_confidential(who_key)}
        for pk, fact in hidden.items():
            for name in self.case_names.get(pk, ()):
                if name in text:
                    problems.append(f"names the hidden confidential case {fact.key} ({name!r})")
        denied = self.denied_rows(who_key)
        for row in rows_of(parsed):
            for field_name in ("case", "case_id", "cases"):
                for k in _keys(row.get(field_name)):
                    if k.isdecimal() and int(k) in hidden:
                        problems.append(
                            f"row {row.get('id', '?')} is of the hidden case {hidden[int(k)].key}"
                        )
            if model is None:
                continue
            for key_field in ("id", "code"):
                if key_field in row and (label := denied.get((model, str(row[key_field])))):
                    problems.append(f"shows {model.__name__} {row[key_field]}: {label} refuses it")
                    break
        return list(dict.fromkeys(problems))

    # --- Lists and filters ---

    def walk(self, ep: Endpoint, who_key: str, query: str = "", target: str = "the list", expect=None):
        """The list from its first page to its last: (results, rows; None where refused)."""
        who = self.users[who_key]
        expect = list_open(self.pw, who) if expect is None else expect
        url = reverse(ep.list_name) + query
        results, rows, seen, counted = [], [], set(), None
        while url:
            sent = self.send(
                who_key,
                "GET",
                url,
                name=ep.list_name,
                target=target,
                expect=expect,
                rule="list_open",
                model=ep.model,
            )
            results.append(sent.result)
            if sent.result.status != 200:
                return results, None if sent.result.status != 400 else []
            page = sent.parsed
            rows += rows_of(page) if isinstance(page, list) or "results" in (page or {}) else []
            if isinstance(page, dict) and isinstance(page.get("count"), int):
                counted = page["count"] if counted is None else counted
            following = page.get("next") if isinstance(page, dict) else None
            if following in seen or len(results) >= MAX_PAGES:
                sent.result.verdict, sent.result.detail = "error", f"the cursor does not end: {following}"
                break
            seen.add(following)
            url = following
        if counted is not None and counted != len(rows):  # a paginator that counts: what it counts
            results[0].problems.append(f"counts {counted} rows and lists {len(rows)}")
        return results, rows

    def list_probes(self, ep: Endpoint, users=None) -> tuple[list[Result], list[Result]]:
        """Every user: the whole list, then every filter that could find a hidden case."""
        results, checks = [], []
        candidates = self.subjects_of(ep.model) if ep.model is not None else []
        for who_key, who in self.users.items():
            if users is not None and who_key not in users:
                continue
            got, rows = self.walk(ep, who_key, f"?page_size={SMALL_PAGE}" if ep.paginated else "")
            results += got
            if rows is None or who.role is None:
                continue
            listed = {str(r.get(ep.row_key, r.get("id"))) for r in rows}
            for s in candidates:
                expect = s.rule(self.pw, who)
                if expect is None:
                    continue
                shown = str(getattr(s.obj, ep.lookup_field if ep.lookup_field != "pk" else "pk")) in listed
                probe = Probe(
                    ep.list_name, reverse(ep.list_name), "LIST", who_key, s.label, expect, s.rule_name
                )
                check = Result(probe, 200, "allow" if shown else "deny")
                if shown and not expect:
                    check.problems.append(f"lists {s.label}, which {s.rule_name} refuses")
                checks.append(check)
            for query, target, strict in self.filter_queries(ep, who_key):
                got, rows = self.walk(ep, who_key, query, target)
                results += got
                if strict and rows:
                    ids = ", ".join(str(r.get(ep.row_key, r.get("id"))) for r in rows[:10])
                    got[-1].problems.append(f"the filter finds {len(rows)} rows of what is hidden: {ids}")
        return results, checks

    def filter_queries(self, ep: Endpoint, who_key: str) -> list[tuple[str, str, bool]]:
        """(query, what it aims at, whether it must find nothing): for each filter of the endpoint that
        could find a confidential case hidden from the user, one value aimed at it. Where there are
        several (three hidden cases, their rows …), the users take them in turn, so that each is tried
        by several users and each user tries each filter once."""
        hidden = self.hidden_confidential(who_key)
        if not hidden or self.users[who_key].role is None:
            return []
        denied = self.denied_rows(who_key)
        hidden_pks = {f.pk for f in hidden}
        of_cases = holds_cases(ep.model)
        result = []
        for name, flt in ep.filters.items():
            field_name = getattr(flt, "field_name", None) or name
            target = points_at(ep.model, field_name) if getattr(flt, "method", None) is None else None
            aims: list[tuple[object, str, bool]] = []  # (value, what, strict)
            if target is EstablishmentCase or (target is None and name == "case"):
                aims = [(fact.pk, f"the key of {fact.key}", True) for fact in hidden]
            elif target is not None and target not in REFERENCE:
                rows = [s for s in self.subjects_of(target) if (target, str(s.obj.pk)) in denied]
                rows.sort(key=lambda s: s.case_pk not in hidden_pks)  # a hidden confidential case's first
                aims = [(s.obj.pk, f"the key of {s.label}", True) for s in rows[:3]]
            elif not of_cases:
                continue  # a region, a name … of a hidden case finds nothing of it where no case is
            elif isinstance(flt, django_filters.ChoiceFilter) and CONFIDENTIAL in _choice_values(flt):
                aims = [(CONFIDENTIAL, "what is confidential", False)]
            elif isinstance(flt, django_filters.CharFilter) and getattr(flt, "method", None):
                aims = [
                    (t, f"a name of {f.key}", False) for f in hidden for t in self.case_names.get(f.pk, ())
                ]
            elif isinstance(flt, django_filters.CharFilter) and field_name.endswith("region__code"):
                aims = [(f.region, f"the region of {f.key}", False) for f in hidden]
            elif isinstance(flt, django_filters.CharFilter) and field_name.endswith("municipality__code"):
                aims = [(f.municipality, f"the municipality of {f.key}", False) for f in hidden]
            if aims:
                turn = self._turns[(ep.basename, name)]
                self._turns[(ep.basename, name)] += 1
                value, what, strict = aims[turn % len(aims)]
                result.append((f"?{urlencode({name: value})}", what, strict))
        return result

    # --- Details ---

    def detail_probes(self, ep: Endpoint, users=None) -> list[Result]:
        """Every world object of the endpoint's model that is confidential (or of a confidential case),
        as every user. Of the rest, one object of each class the oracle tells apart (the same answer
        for every user: the members' and the company's level of one case …), as one user of each
        class (``representatives``): the lists show every user each of them (``list_probes``)."""
        results = []
        rows = self.subjects_of(ep.model)
        classes: dict[tuple, Subject] = {}
        for s in rows:
            if not s.confidential:
                classes.setdefault(tuple(s.rule(self.pw, who) for who in self.users.values()), s)
        plain = list(classes.values())
        representatives = self.representatives(plain)
        for s in [s for s in rows if s.confidential] + plain:
            value = getattr(s.obj, ep.lookup_field if ep.lookup_field != "pk" else "pk")
            url = ep.detail_url(value)
            for who_key, who in self.users.items():
                if users is not None and who_key not in users:
                    continue
                if not s.confidential and who_key not in representatives:
                    continue
                expect = s.rule(self.pw, who)
                sent = self.send(
                    who_key, "GET", url, name=f"api:{ep.basename}-detail", target=s.label,
                    expect=expect, rule=s.rule_name if expect is not None else "not judged", model=ep.model,
                )  # fmt: skip
                results.append(sent.result)
        return results

    # --- The competence picture ---

    def picture_probes(self, users=None) -> list[Result]:
        """Each region of the world's cases, as every user; for who may read it, the same picture
        with the confidential cases they may not see taken out must be the same."""
        results = []
        regions = sorted({fact.region for fact in self.pw.cases.values()})
        for region in regions:
            url = reverse(PICTURE, kwargs={"region_code": region})
            for who_key, who in self.users.items():
                if users is not None and who_key not in users:
                    continue
                expect = o.picture_read(self.pw, who, region)
                sent = self.send(
                    who_key,
                    "GET",
                    url,
                    name=PICTURE,
                    target=f"region {region}",
                    expect=expect,
                    rule="picture_read",
                )
                results.append(sent.result)
                hidden = [f.pk for f in self.hidden_confidential(who_key)]
                if sent.result.status != 200 or not hidden:
                    continue
                places = defaultdict(list)
                for fact in self.hidden_confidential(who_key):
                    if fact.region == region:
                        places[fact.municipality].append(fact.key)
                for code, keys in sorted(places.items()):
                    query = "?" + urlencode({"municipality": code})
                    target = f"region {region}, the municipality of {', '.join(keys)}"
                    results.append(
                        self.send(who_key, "GET", url + query, name=PICTURE, target=target, expect=expect,
                                  rule="picture_read").result
                    )  # fmt: skip
                without = self.without_cases(who_key, url, hidden)
                results.append(without.result)
                if without.parsed != sent.parsed:
                    sent.result.problems.append(
                        "the picture changes when the confidential cases the user may not see are taken out "
                        f"({', '.join(self.cases[pk].key for pk in hidden)})"
                    )
        return results

    def without_cases(self, who_key: str, url: str, pks: list[int], name: str = PICTURE) -> Sent:
        """The same GET with these cases (and what they hold) deleted, in a savepoint."""
        sid = transaction.savepoint()
        try:
            erase(EstablishmentCase.objects.filter(pk__in=pks))
            target = "without " + ", ".join(self.cases[pk].key for pk in pks)
            return self.send(
                who_key, "GET", url, name=name, target=target, expect=None, rule="counterfactual"
            )
        finally:
            transaction.savepoint_rollback(sid)

    # --- Tokens ---

    def token_probes(self, kind: str, users=None) -> list[Result]:
        """``revoked``, ``expired``: every route that writes and the case list as every user, every other
        route (each list, each detail, the picture) as the users in turn; ``read-only``: every route
        that writes, as every user. Each refused with 401 or 403, nothing saved, nothing shown."""
        routes = [
            (ep, r, ep.url(r, self._sample(ep)) if r.detail else ep.url(r))
            for ep in self.endpoints.values()
            for r in ep.routes
        ]
        routes.append((None, Route(PICTURE, "GET", False), reverse(PICTURE, kwargs={"region_code": "24"})))
        tokens = {"revoked": self.revoked, "expired": self.expired, "read-only": self.tokens}[kind]
        keys = [key for key in tokens if users is None or key in users]
        turn = itertools.cycle(keys)
        tries = []
        for ep, route, url in routes:
            if route.method not in SAFE_METHODS or (route.name == "api:case-list" and kind != "read-only"):
                tries += [(key, ep, route, url) for key in keys]
            elif kind != "read-only":
                tries.append((next(turn), ep, route, url))
        results = []
        for who_key, ep, route, url in tries:
            writes = route.method not in SAFE_METHODS
            data = WRITE_DATA.get(route.name) if writes else None
            sent = self.send(
                who_key, route.method, url, name=route.name, target=f"a {kind} token", expect=False,
                rule=f"{kind} token", token=tokens[who_key], data=data, allow=ALLOW | {201, 412, 428},
                headers={"HTTP_IF_MATCH": '"1"'} if writes else {}, model=ep.model if ep else None,
                address=next(_addresses),
            )  # fmt: skip
            if sent.result.status not in (401, 403) and sent.result.verdict == "deny":
                sent.result.problems.append(f"answered {sent.result.status}, not 401/403")
            results.append(sent.result)
        return results

    def _sample(self, ep: Endpoint):
        rows = self.subjects_of(ep.model)
        return getattr(rows[0].obj, ep.lookup_field if ep.lookup_field != "pk" else "pk") if rows else 1


# What a write sends: enough that the request would be saved if the token were let in.
WRITE_DATA = {
    "api:signal-list": {
        "subject": "Probe: en signal",
        "summary": "Probe",
        "municipality": "2482",
        "channel": "telefon",
        "confidentiality": "oppen",
    },
    "api:alarm-list": {"municipality": "2482", "kind": "etablering", "message": "Probe: larm"},
    "api:action-respond": {"accept": True},
}


def erase(queryset, depth: int = 0) -> None:
    """Delete the rows and whatever protects or restricts their deletion (an alarm raised on a case,
    its deliveries …), as if they had never been."""
    for _ in range(10):
        try:
            with transaction.atomic():
                queryset.delete()
            return
        except (ProtectedError, RestrictedError) as exc:
            blocking = getattr(exc, "protected_objects", None) or getattr(exc, "restricted_objects", ())
            if depth > 5:
                raise
            by_model = defaultdict(list)
            for obj in blocking:
                by_model[type(obj)].append(obj.pk)
            for model, pks in by_model.items():
                erase(model._default_manager.filter(pk__in=pks), depth + 1)
    queryset.delete()
