"""Django's admin (/django-admin/), generated from its registry: for every registered model, the
change list, and for the objects below the change page, its history, a version of its history
(django-simple-history's page; here it never reverts: config/admin.py) and the delete confirmation.

The oracle (README: "Django's admin is a fallback for administrators. Confidential cases stay out of
it"): only staff reach the admin at all (the others are sent to its login); the Administratör who is
staff but not superuser has no model permission, so the index and nothing else; the superuser,
granted no confidential case, everything but what is bound to a confidential case or signal (the
case, the signal, their phase changes, view log and lessons), in any of those pages.

A model registered without an entry in ``OBJECTS`` fails ``test_every_admin_model_has_an_entry``.
"""

from __future__ import annotations

from django.contrib import admin
from django.contrib.auth.models import Group
from django.test import RequestFactory
from django.urls import reverse

from actors.models import Municipality, Region
from checklist.models import Lesson
from competence.models import BarometerOccupation, BarometerRound, Occupation
from establishments.models import CaseViewLog, PhaseChange

from .machinery import Probe
from .world import ProbeWorld

INDEX = "django-admin index"


def _first(model):
    return lambda pw: [("first", model._default_manager.order_by("pk").first(), False)]


def _cases(pw):
    return [
        (k, pw[k], pw.cases[k].level == "konfidentiell")
        for k in ("case24_open", "case24_restricted", "case24_conf", "case21_conf")
    ]


def _signals(pw):
    return [
        (k, pw[k], pw.signals[k].level == "konfidentiell")
        for k in ("signal24_open", "signal24_conf", "signal21_conf")
    ]


def _phase_changes(pw):
    return [
        (f"phase change of {k}", PhaseChange.objects.filter(case=pw[k]).first(), k.endswith("conf"))
        for k in ("case24_open", "case24_conf")
    ]


def _view_logs(pw):
    return [("view of case24_conf", CaseViewLog.objects.filter(case=pw["case24_conf"]).first(), True)]


def _lessons(pw):
    return [
        (key, Lesson.objects.get(pk=fact["pk"]), pw.cases[fact["case"]].level == "konfidentiell")
        for key, fact in pw.facts["lessons"].items()
    ]


def _objects(*keys):
    return lambda pw: [(k, pw[k], False) for k in keys]


# app_label.model_name -> the objects its pages are tried on: (label, object, whether it is bound to a
# confidential case or signal)
OBJECTS = {
    "accounts.user": _objects("reader"),
    "actors.region": _first(Region),
    "actors.municipality": _first(Municipality),
    # Organisations are no secret; what hangs on them may be (their delete page lists it).
    "actors.organisation": lambda pw: [
        ("organisation (owns records in every case)", pw["organisation"], False),
        ("member_org", pw["member_org"], False),
        ("case24_conf's member", pw["conf_member"].organisation, False),
    ],
    "actors.person": _objects("person"),
    "actors.role": _objects("role"),
    "alarms.roster": lambda pw: [("roster 24", pw["roster_entry"].roster, False)],
    "alarms.channel": lambda pw: [(f"channel of {k}", c, False) for k, c in pw["channels"].items()],
    # An alarm raised on a confidential case is bound to it, with its deliveries and events: the app
    # shows its region's staff the alarm (naming the case by its code name), the admin nothing.
    "alarms.alarm": lambda pw: [
        (k, pw[k], k == "alarm_confidential") for k in ("alarm", "alarm_confidential", "alarm_other_region")
    ],
    "alarms.delivery": lambda pw: [
        ("a delivery of alarm", pw["alarm"].deliveries.first(), False),
        ("a delivery of alarm_confidential", pw["alarm_confidential"].deliveries.first(), True),
    ],
    "alarms.alarmevent": lambda pw: [
        ("an event of alarm", pw["alarm"].events.first(), False),
        ("an event of alarm_confidential", pw["alarm_confidential"].events.first(), True),
    ],
    "alarms.notification": _objects("alarm_notification"),
    "checklist.routine": _objects("lessons_routine"),
    "checklist.round": _objects("rounds_round", "rounds_other_round"),
    "checklist.regionalaction": _objects("readiness_action"),
    "checklist.drill": _objects("drills_drill"),
    "checklist.lesson": _lessons,
    "competence.occupation": _first(Occupation),
    "competence.barometerround": _first(BarometerRound),  # reference data: read, never edited
    "competence.barometeroccupation": _first(BarometerOccupation),
    "establishments.signal": _signals,
    "establishments.establishmentcase": _cases,
    "establishments.phasechange": _phase_changes,
    "establishments.caseviewlog": _view_logs,
    "outbox.queuedtask": lambda pw: [],
    # The security record and django-axes' login records: their lists (no rows in the probe world).
    "accounts.auditevent": lambda pw: [],
    "axes.accessattempt": lambda pw: [],
    "axes.accessfailurelog": lambda pw: [],
    "axes.accesslog": lambda pw: [],
    "auth.group": _first(Group),
}


def _can(pw: ProbeWorld, model, what: str) -> bool:
    """Whether the model's admin lets a superuser change or delete at all: where it is read-only by
    design (changed through the app, where the rules are), a POST is refused to everyone."""
    request = RequestFactory().get("/")
    request.user = pw["superuser"]
    return getattr(admin.site._registry[model], f"has_{what}_permission")(request)


def admin_models() -> list[str]:
    return sorted(f"{m._meta.app_label}.{m._meta.model_name}" for m in admin.site._registry)


def expect(who, view: str, confidential: bool, method: str = "GET", may_change: bool = True) -> bool:
    if not who.staff or who.role is None:
        return False
    if view == INDEX:
        return True
    if method == "POST" and not may_change:
        return False
    if view == "history version" and method == "POST":
        return False  # an old version is shown, never put back (config/admin.py)
    return who.superuser and not confidential


def probes(pw: ProbeWorld, label: str) -> list[Probe]:
    """Every user on the model's admin pages (``label``: app_label.model_name, or the index)."""
    pages: list[tuple[str, str, str, bool, tuple[str, ...]]] = []  # view, url, object, confidential, methods
    may_change = True
    if label == INDEX:
        pages.append((INDEX, reverse("admin:index"), "-", False, ("GET",)))
    else:
        app, model_name = label.split(".")
        model = next(m for m in admin.site._registry if m._meta.label_lower == label)
        prefix = f"admin:{app}_{model_name}"
        pages.append(("changelist", reverse(f"{prefix}_changelist"), "-", False, ("GET",)))
        may_change = _can(pw, model, "change")
        history = (
            getattr(model, model._meta.simple_history_manager_attribute, None)
            if hasattr(model._meta, "simple_history_manager_attribute")
            else None
        )
        for name, obj, confidential in OBJECTS[label](pw):
            if obj is None:
                continue
            pages.append(
                ("change", reverse(f"{prefix}_change", args=[obj.pk]), name, confidential, ("GET", "POST"))
            )
            pages.append(
                ("history", reverse(f"{prefix}_history", args=[obj.pk]), name, confidential, ("GET",))
            )
            if _can(pw, model, "delete"):
                pages.append(
                    ("delete", reverse(f"{prefix}_delete", args=[obj.pk]), name, confidential, ("GET",))
                )
            if history is not None:
                version = history.filter(**{model._meta.pk.attname: obj.pk}).order_by("history_id").first()
                if version is not None:
                    url = reverse(f"{prefix}_simple_history", args=[obj.pk, version.history_id])
                    pages.append(("history version", url, name, confidential, ("GET", "POST")))
    result = []
    for view, url, name, confidential, methods in pages:
        for key, who in pw.users.items():
            for method in methods:
                result.append(
                    Probe(
                        f"django-admin {label} {view}",
                        url,
                        method,
                        key,
                        name,
                        expect(who, view, confidential, method, may_change),
                        "django-admin",
                    )
                )
    return result
