"""Every form the fuzz suite submits: the URL, the user who may submit it (so the input is really
validated and saved), the fields with their kinds (read from the form class) and a valid
submission.

The users, cases and records are the suite's shared world (tests/world.py) with every area's layer
(the access harness's ``routes`` builds them all) and the fuzz suite's own few additions
(``fuzz_world``): one record of every workspace kind on the open case, a second action to propose, a
closed case without a lesson, an organisation of region 24 a round may ask.

``TARGETS`` is checked against the URL patterns by tests/fuzz/test_forms.py: every view that takes a
POST is a target here, is fuzzed by another module of this folder (``OTHER_MODULES``), or is listed
in ``NOT_FUZZED`` with the reason.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import date, timedelta

from django import forms
from django.contrib.auth.forms import AuthenticationForm, PasswordChangeForm
from django.urls import reverse
from django.utils import timezone

from accounts.forms import (
    ApiTokenForm,
    LockoutLiftForm,
    PasswordConfirmForm,
    PasswordResetRequestForm,
    SecondFactorCodeForm,
    SecondFactorEnrolForm,
    UserCreateForm,
    UserFilterForm,
    UserForm,
)
from accounts.models import Sharing
from actors.forms import OrganisationFilterForm, OrganisationForm, PersonFilterForm, PersonForm, RoleForm
from actors.models import Level, OrganisationType, Region
from alarms.answering.forms import AnswerForm, CloseForm
from alarms.raising.forms import NoteForm, RaiseForm
from alarms.rosters.forms import ChannelForm, RosterEntryForm, RosterPolicyForm
from alarms.rosters.models import Roster
from api.forms import WebhookForm
from checklist.drills import selectors as drill_selectors
from checklist.drills.forms import DrillAnswerForm, DrillMunicipalityForm, DrillStartForm
from checklist.lessons.forms import LessonFilterForm, LessonForm
from checklist.models import Lesson, RegionalAction
from checklist.readiness.forms import RegionalActionForm
from checklist.rounds import selectors as round_selectors
from checklist.rounds.forms import AnswerSheet, RoundForm
from checklist.routines.forms import RoutineForm
from competence.models import CompetenceGap, Occupation, Offering
from competence.picture.forms import PictureFilterForm
from competence.supply import importer as offering_importer
from competence.supply.forms import OfferingEditForm, OfferingFilterForm
from establishments.forms import (
    CaseFilterForm,
    CaseForm,
    DismissForm,
    GrantForm,
    PhaseForm,
    SignalFilterForm,
    SignalForm,
)
from establishments.models import CaseMember, Phase
from tests import factories as f
from tests.checklist.harness_lessons import closed_case
from tests.competence.harness import _items as competence_items
from tests.test_access_harness import routes
from workspace.core import kinds as workspace_kinds
from workspace.core.services import item_save
from workspace.goals.forms import EngagementForm
from workspace.goals.models import Expectation, Milestone, ResourceCommitment
from workspace.journal.models import FollowUp, JournalEntry
from workspace.plan import services as plan_services
from workspace.plan.forms import RespondForm
from workspace.plan.models import Action
from workspace.routes.models import ContactRoute, RouteStep

from .values import INT, TEXT, Kind, Shape, choice, describe

# How many inputs each form gets (a test may ask for more or fewer: ``Target.examples``).
EXAMPLES = 95

# Views that take a POST and are fuzzed by another module of this folder.
OTHER_MODULES = {
    "actors:import": "test_imports.py: CSV files of organisations and of people",
    "alarms:answer_link": "test_links.py: the alarm's answer link (signed, expiring token)",
    "checklist:answer_link": "test_links.py: a round's personal answer link (signed token)",
    "password_reset_confirm": "test_links.py: the invitation and password reset link",
}
# Views that take a POST and are not fuzzed, with the reason.
NOT_FUZZED = {
    # Django's own view without input: it ends the session (and the client's login with it).
    "logout",
    # No input either: it ends every session of the user, the client's login with it
    # (tests/accounts/test_login_security.py).
    "accounts:sessions_end",
    # No input: it revokes the token the URL names, its owner's or an administrator's
    # (tests/api/test_api.py).
    "accounts:api_token_revoke",
    # No input but the URL: a webhook's action (rotate, on, off, remove) and sending a delivery again
    # (tests/api/test_webhooks.py).
    "webhooks:action",
    "webhooks:redeliver",
}


@dataclass
class Target:
    """One form as the fuzz suite submits it."""

    name: str  # the URL's name
    id: str  # the test's id
    user: str | None  # the key of the world's user who submits it (None: not logged in)
    url: Callable[[dict], str]
    shape: Callable[[dict], Shape]  # the fields and a valid submission
    examples: int = EXAMPLES  # the systematic inputs (values.sweep) and generated ones together
    htmx: bool = False  # some inputs are sent as htmx requests too (the fragment answers)
    ok_statuses: tuple[int, ...] = ()  # statuses that say "saved" besides a redirect
    saves: bool = True  # the valid submission is accepted and changes the database
    query: Callable[[dict], Shape] | None = None  # what the view reads from the query string
    method: str = "post"  # "get": the shape is the query string (a filter form)


def form_shape(form: forms.BaseForm, valid: dict | None = None, extra: dict | None = None) -> Shape:
    """The fields of ``form`` (with its prefix) and their kinds; a valid submission from the kinds'
    plain values, then ``valid``; ``extra`` adds fields a view reads besides the form."""
    form_kinds = {form.add_prefix(name): describe(fld) for name, fld in form.fields.items()}
    kinds = {**form_kinds, **(extra or {})}
    data = {name: kind.valid() for name, kind in form_kinds.items()}
    data.update(valid or {})
    return Shape(kinds, {k: v for k, v in data.items() if v is not None})


def fields_shape(kinds: dict[str, Kind], valid: dict | None = None) -> Shape:
    """A view that reads its fields from ``request.POST`` without a form."""
    return Shape(dict(kinds), dict(valid or {}))


def _fuzz_webhook(w):
    """An endpoint of the coordinator's region (made once)."""
    if "fuzz_webhook" not in w:
        from api import webhooks
        from api.models import WebhookEndpoint

        w["fuzz_webhook"] = WebhookEndpoint.objects.create(
            owner=w["coordinator"], region_id=w["coordinator"].region_id, url="https://mottagare.example.se/h",
            description="Fuzz", event_types=["signal.logged"], secret=webhooks.new_secret(),
        )  # fmt: skip
    return w["fuzz_webhook"]


def r(name: str, *args, **kwargs) -> str:
    return reverse(name, args=args or None, kwargs=kwargs or None)


FUTURE = (timezone.localdate() + timedelta(days=30)).isoformat()


# --- The fuzz suite's layer of the world ------------------------------------------------------------


def fuzz_world(w: dict) -> dict:
    """Every area's layer (built by the access harness's ``routes``), then the suite's own objects:
    made once, kept under ``fuzz_*`` keys."""
    if "fuzz_items" in w:
        return w
    routes(w)
    case, user, member = w["case_open"], w["coordinator"], w["member_org"]
    person = w["alarm_primary"]  # of the member organisation
    items = {
        "expectation": Expectation(case=case, kind="forvantan", text="Fuzz", organisation=member),
        "milestone": Milestone(case=case, kind="beslut", title="Fuzz", date=date(2030, 1, 1)),
        "resourcecommitment": ResourceCommitment(
            case=case, organisation=member, description="Fuzz", people=2
        ),
        "journalentry": JournalEntry(
            case=case, kind=JournalEntry.Kind.choices[0][0], date=date(2030, 1, 1), title="Fuzz"
        ),
        "contactroute": ContactRoute(case=case, topic="ovrigt", first_contact=person, answers="Fuzz"),
    }
    saved = {kind: item_save(user=user, item=item) for kind, item in items.items()}
    saved["followup"] = item_save(
        user=user, item=FollowUp(case=case, entry=saved["journalentry"], text="Fuzz", owner=member)
    )
    saved["routestep"] = item_save(
        user=user,
        item=RouteStep(case=case, route=saved["contactroute"], order=1, person=person, handles="Fuzz"),
    )
    saved["casemember"] = CaseMember.objects.get(case=case, organisation=member)
    saved["action"] = w["plan_action_open"]
    saved.update(competence_items(w, case))
    w["fuzz_items"] = saved
    # A gap without interventions, which may be removed (the harness's gap has one).
    w["fuzz_lone_gap"] = CompetenceGap.objects.create(
        case=case,
        occupation=Occupation.objects.filter(level=4).order_by("-code").first(),
        year=2031,
        needed=5,
        regional_supply=1,
        source=CompetenceGap._meta.get_field("source").choices[0][0],
        created_by=user,
    )
    w["fuzz_action_to_propose"] = plan_services.action_save(
        user=user,
        action=Action(
            case=case,
            theme="mark",
            title="Fuzz att föreslå",
            owner_organisation=member,
            sharing=Sharing.MEMBERS,
        ),
    )
    w["fuzz_case_closed"] = closed_case(coordinator=w["coordinator"], deputy=w["deputy"])
    org = f.OrganisationFactory(
        region=f.region("24"), type=OrganisationType.KOMMUN, level=Level.LOKAL, name="Fuzz kommun"
    )
    w["fuzz_region_org"] = org
    w["fuzz_region_person"] = f.PersonFactory(
        organisation=org, name="Fuzz Person", email="fuzz.person@example.se"
    )
    w["fuzz_occupation"] = Occupation.objects.filter(level=4).exclude(code="8189").order_by("code").first()
    return w


def item(w, kind):
    return w["fuzz_items"][kind]


def removable(w, kind):
    """The record of ``kind`` that a valid removal removes."""
    return w["fuzz_lone_gap"] if kind == "competencegap" else item(w, kind)


# --- The workspace's records: every kind, created, edited and removed ------------------------------


def plain(w) -> dict:
    """No values beyond the plain value of each field's kind."""
    return {}


# A valid record of each kind, beside the plain value of each field's kind (a kind without an entry
# gets those alone; test_forms.py's test_valid_input_is_saved says when that is not enough).
ITEM_VALID: dict[str, Callable[[dict], dict]] = {
    "expectation": lambda w: {"organisation": w["member_org"].pk, "sharing": "medlemmar"},
    "milestone": lambda w: {"sharing": "medlemmar"},
    "resourcecommitment": lambda w: {
        "organisation": w["member_org"].pk,
        "people": "3",
        "amount_sek": "",
        "sharing": "medlemmar",
    },
    "casemember": lambda w: {"organisation": w["organisation"].pk},
    "action": lambda w: {
        "owner_organisation": "",
        "owner_person": "",
        "due_date": FUTURE,
        "gaps": [],
        "living_needs": [],
        "sharing": "medlemmar",
    },
    "contactroute": lambda w: {
        "first_contact": w["alarm_primary"].pk,
        "last_verified": timezone.localdate().isoformat(),
        "sharing": "medlemmar",
    },
    "routestep": lambda w: {"person": w["alarm_primary"].pk, "order": "2", "sharing": "medlemmar"},
    "journalentry": lambda w: {"sharing": "medlemmar"},
    "followup": lambda w: {
        "entry": item(w, "journalentry").pk,
        "owner": w["member_org"].pk,
        "owner_person": "",
        "due": FUTURE,
        "sharing": "medlemmar",
    },
    "competencegap": lambda w: {
        "occupation": w["fuzz_occupation"].pk,
        "year": "2030",
        "needed": "10",
        "regional_supply": "2",
        "sharing": "medlemmar",
    },
    "intervention": lambda w: {
        "gap": item(w, "competencegap").pk,
        "organisation": w["organisation"].pk,
        "places_per_year": "5",
        "start": "2030-01-01",
        "end_year": "2032",
        "sharing": "medlemmar",
    },
    "livingneed": lambda w: {
        "quantity": "5",
        "year": "2030",
        "organisation": w["organisation"].pk,
        "sharing": "medlemmar",
    },
}
# What an edit keeps as it is: a competence gap's occupation and year, so it stays itself.
ITEM_EDIT_VALID: dict[str, Callable[[dict], dict]] = {
    "competencegap": lambda w: {
        "occupation": item(w, "competencegap").occupation_id,
        "year": str(item(w, "competencegap").year),
    },
    "casemember": lambda w: {
        "contact": "",
        "deputy_contact": "",
        "themes": [],
        "influence": "3",
        "interest": "4",
    },
    "routestep": lambda w: {"order": "1"},
}


# What a new record's page reads from its query string: the route of a new step, the gap of a new
# intervention.
ITEM_QUERY: dict[str, Callable[[dict], Shape]] = {
    "routestep": lambda w: fields_shape(
        {"route": choice(item(w, "contactroute").pk)}, {"route": str(item(w, "contactroute").pk)}
    ),
    "intervention": lambda w: fields_shape({"gap": choice(item(w, "competencegap").pk)}),
}


def _item_form(w, kind, instance=None):
    k = workspace_kinds.get(kind)
    case = w["case_open"]
    if instance is None:
        form_class = k.create_form or k.form
        instance = k.model(case=case)
        if kind == "routestep":
            instance.route = item(w, "contactroute")
    else:
        form_class = k.form
        instance = k.model.objects.get(pk=instance.pk)
    return form_class(instance=instance, case=case)


def _item_targets() -> list[Target]:
    result = []
    for kind, k in sorted(workspace_kinds.all_kinds().items()):
        result.append(
            Target(
                "workspace:item_create",
                f"item_create-{kind}",
                "coordinator",
                url=lambda w, kind=kind: r("workspace:item_create", case_pk=w["case_open"].pk, kind=kind),
                shape=lambda w, kind=kind: form_shape(_item_form(w, kind), ITEM_VALID.get(kind, plain)(w)),
                htmx=True,
                query=ITEM_QUERY.get(kind),
            )
        )
        result.append(
            Target(
                "workspace:item_edit",
                f"item_edit-{kind}",
                "coordinator",
                url=lambda w, kind=kind: r(
                    "workspace:item_edit", case_pk=w["case_open"].pk, kind=kind, pk=item(w, kind).pk
                ),
                shape=lambda w, kind=kind: form_shape(
                    _item_form(w, kind, item(w, kind)),
                    {
                        **ITEM_VALID.get(kind, plain)(w),
                        **ITEM_EDIT_VALID.get(kind, plain)(w),
                        "version": str(item(w, kind).version),
                        "change_reason": "Fuzz",
                    },
                ),
                htmx=True,
            )
        )
        if k.deletable:
            result.append(
                Target(
                    "workspace:item_delete",
                    f"item_delete-{kind}",
                    "coordinator",
                    url=lambda w, kind=kind: r(
                        "workspace:item_delete",
                        case_pk=w["case_open"].pk,
                        kind=kind,
                        pk=removable(w, kind).pk,
                    ),
                    shape=lambda w, kind=kind: fields_shape(
                        {"version": INT}, {"version": str(removable(w, kind).version)}
                    ),
                    examples=EXAMPLES // 3,  # one field
                    htmx=True,
                )
            )
    return result


# --- Every other form ---------------------------------------------------------------------------


def _signal_form(w):
    return SignalForm(user=w["official"])


def _case_form(w, instance=None):
    return CaseForm(instance=instance, user=w["coordinator"])


def _case_valid(w):
    return {
        "name": "Fuzz etablering",
        "code_name": "",
        "company": "",
        "lead_municipality": f.municipality("2482").pk,
        "candidate_municipalities": [],
        "confidentiality": "oppen",
        "target_jobs": "100",
        "target_date": FUTURE,
        "coordinator": w["coordinator"].pk,
        "deputy": w["deputy"].pk,
        "members": [],
    }


def _offering_form(w, instance=None):
    return OfferingEditForm(instance=instance or Offering(), user=w["coordinator"])


def _offering_import_token(w) -> str:
    """What the import's preview gives the coordinator for a file of one new offering."""
    data = (
        "namn;anordnare;form;ssyk;kommun;platser;examinerade;start;status\n"
        f"Fuzz import;{w['member_org'].name};yh;8131;2482;30;25;2027-08-20;ansokt\n"
    ).encode()
    checked = offering_importer.plan(data, user=w["coordinator"])
    assert checked.ok, [row.errors for row in checked.rows]
    return offering_importer.carry(w["coordinator"], data, checked, filename="fuzz.csv")


def _offering_valid(w):
    return {
        "name": "Fuzz utbildning",
        "provider": w["member_org"].pk,
        "form": "yh",
        "occupations": [Occupation.objects.get(code="8131").pk],
        "sun_field": "",
        "municipality": f.municipality("2482").pk,
        "places_per_year": "30",
        "graduates_per_year": "25",
        "start": "2027-08-20",
        "end": "",
        "status": "ansokt",
        "source": "",
        "link": "",
        "note": "",
    }


def _user_valid(w):
    return {
        "username": "fuzzanvandare",
        "first_name": "Fuzz",
        "last_name": "Användare",
        "email": "fuzz.user@example.se",
        "role": "Läsare",
        "organisation": "",
        "region": f.region("24").pk,
        "municipality": "",
    }


def _answer_sheet(w):
    participant = w["rounds_participant"]
    sheet = AnswerSheet(round_selectors.answers_of(participant), with_reason=True)
    kinds, valid = {}, {}
    for form in sheet.forms:
        shape = form_shape(form, {form.add_prefix("value"): "ja", form.add_prefix("plan_when"): ""})
        kinds.update(shape.kinds)
        valid.update(shape.valid)
    kinds["reason"] = TEXT
    kinds["action"] = choice("draft", "submit", "change")
    return Shape(kinds, {**valid, "action": "draft"})


def _round_form(w):
    return RoundForm(region=f.region("24"))


def _drill_shape(w):
    user = w["coordinator"]
    chooser = DrillMunicipalityForm(municipalities=drill_selectors.startable_municipalities(user=user))
    form = DrillStartForm(candidates=drill_selectors.drill_candidates(region=f.region("24")))
    kinds = {**form_shape(chooser).kinds, **form_shape(form).kinds}
    valid = {name: "" for name in kinds if name.startswith(("take_", "role_"))}
    valid.update(
        {
            "municipality": str(f.municipality("2482").pk),
            "scenario": "Imorgon ringer ett bolag.",
            f"take_{user.pk}": "on",
            f"role_{user.pk}": "Samordnare",
        }
    )
    return Shape(kinds, valid)


def _regional_action_form(w, instance=None):
    region = f.region("24")
    if instance is None:
        instance = RegionalAction(region=region, source_answer=w["readiness_answer"])
    return RegionalActionForm(region=region, instance=instance)


def _roster_entry_form(w, entry=None):
    roster = Roster.objects.get(region=f.region("24"))
    return RosterEntryForm(instance=entry, roster=roster, organisation=entry.organisation if entry else None)


def _other_targets() -> list[Target]:
    T = Target
    return [
        # --- The competence tab's add form ---
        T(
            "competence:case_competence",
            "competence_gap_add",
            "coordinator",
            lambda w: r("competence:case_competence", case_pk=w["case_open"].pk),
            lambda w: form_shape(
                _item_form(w, "competencegap"), {**ITEM_VALID["competencegap"](w), "year": "2031"}
            ),
        ),
        # --- Signals and cases (establishments) ---
        T(
            "establishments:signal_create",
            "signal_create",
            "official",
            lambda w: r("establishments:signal_create"),
            lambda w: form_shape(
                _signal_form(w),
                {
                    "subject": "Fuzzfabrik, cirka 100 jobb, Skellefteå",
                    "received_at": "2024-05-01T10:00",
                    "channel": "telefon",
                    "source_organisation": "",
                    "source_text": "Fuzz AB",
                    "caller": "Fuzz Fuzzsson",
                    "municipality": f.municipality("2482").pk,
                    "summary": "Fuzz",
                    "confidentiality": "oppen",
                },
                extra={"source_organisation_text": TEXT},
            ),
        ),
        T(
            "establishments:signal_triage",
            "signal_triage-assess",
            "coordinator",
            lambda w: r("establishments:signal_triage", w["signal"].pk, "assess"),
            lambda w: fields_shape({"reason": TEXT, "case": INT}),
            examples=EXAMPLES // 3,
        ),
        T(
            "establishments:signal_triage",
            "signal_triage-dismiss",
            "coordinator",
            lambda w: r("establishments:signal_triage", w["signal"].pk, "dismiss"),
            lambda w: form_shape(DismissForm(), {"reason": "Dubblett"}),
        ),
        T(
            "establishments:signal_triage",
            "signal_triage-link",
            "coordinator",
            lambda w: r("establishments:signal_triage", w["signal"].pk, "link"),
            lambda w: fields_shape(
                {"case": choice(w["case_open"].pk, w["case_other_region"].pk, w["case_confidential"].pk)},
                {"case": str(w["case_open"].pk)},
            ),
        ),
        T(
            "establishments:case_create",
            "case_create",
            "coordinator",
            lambda w: r("establishments:case_create"),
            lambda w: form_shape(
                _case_form(w), _case_valid(w), extra={"company_text": TEXT, "members_text": TEXT}
            ),
            query=lambda w: fields_shape({"signal": choice(w["signal"].pk, w["signal_confidential"].pk)}),
        ),
        T(
            "establishments:case_edit",
            "case_edit",
            "coordinator",
            lambda w: r("establishments:case_edit", w["case_open"].pk),
            lambda w: form_shape(
                _case_form(w, w["case_open"]),
                {**_case_valid(w), "members": [w["member_org"].pk], "change_reason": "Fuzz"},
                extra={"company_text": TEXT, "members_text": TEXT},
            ),
        ),
        T(
            "supply:offering_create",
            "offering_create",
            "coordinator",
            lambda w: r("supply:offering_create"),
            lambda w: form_shape(
                _offering_form(w),
                _offering_valid(w),
                extra={"provider_text": TEXT, "municipality_text": TEXT, "occupations_text": TEXT},
            ),
        ),
        T(
            "supply:offering_edit",
            "offering_edit",
            "coordinator",
            lambda w: r("supply:offering_edit", w["offering"].pk),
            lambda w: form_shape(
                _offering_form(w, w["offering"]),
                {**_offering_valid(w), "change_reason": "Fuzz"},
                extra={"provider_text": TEXT, "municipality_text": TEXT, "occupations_text": TEXT},
            ),
        ),
        T(
            "supply:offering_import",
            "offering_import",
            "coordinator",
            lambda w: r("supply:offering_import"),
            # The confirmation: the token a preview gave for a file of one new offering imports it; a
            # changed token imports nothing. (The files themselves: tests/competence/test_offering_import.py.)
            lambda w: fields_shape({"token": TEXT}, {"token": _offering_import_token(w)}),
            examples=EXAMPLES // 2,
        ),
        T(
            "establishments:case_phase",
            "case_phase",
            "coordinator",
            lambda w: r("establishments:case_phase", w["case_open"].pk),
            lambda w: form_shape(PhaseForm(), {"phase": Phase.choices[1][0], "note": "Fuzz"}),
        ),
        T(
            "establishments:case_access",
            "case_access",
            "coordinator",
            lambda w: r("establishments:case_access", w["case_confidential"].pk),
            lambda w: form_shape(
                GrantForm(),
                {"user": w["official"].pk, "can_change": "on"},
                extra={"revoke": choice(w["deputy"].pk, w["official"].pk, w["reader"].pk)},
            ),
        ),
        # --- Users (accounts) ---
        T(
            "accounts:user_create",
            "user_create",
            "admin",
            lambda w: r("accounts:user_create"),
            lambda w: form_shape(UserCreateForm(), {**_user_valid(w), "how": "invite", "password": ""}),
        ),
        T(
            "accounts:user_edit",
            "user_edit",
            "admin",
            lambda w: r("accounts:user_edit", w["user"].pk),
            lambda w: form_shape(
                UserForm(instance=w["user"]),
                {**_user_valid(w), "username": w["user"].username},
            ),
        ),
        T(
            "accounts:user_set_active",
            "user_set_active",
            "admin",
            lambda w: r("accounts:user_set_active", w["user"].pk),
            lambda w: fields_shape({"active": choice("1", "0")}, {"active": "0"}),
            examples=EXAMPLES // 3,
        ),
        # --- The registry (actors) ---
        T(
            "actors:organisation_create",
            "organisation_create",
            "coordinator",
            lambda w: r("actors:organisation_create"),
            lambda w: form_shape(
                OrganisationForm(),
                {
                    "name": "Fuzz AB",
                    "type": OrganisationType.FORETAG,
                    "region": "",
                    "municipality": "",
                    "org_number": "556016-0680",
                },
            ),
        ),
        T(
            "actors:organisation_edit",
            "organisation_edit",
            "coordinator",
            lambda w: r("actors:organisation_edit", w["organisation"].pk),
            lambda w: form_shape(
                OrganisationForm(instance=w["organisation"]),
                {
                    "name": "Fuzz AB",
                    "type": OrganisationType.FORETAG,
                    "region": "",
                    "municipality": "",
                    "org_number": "",
                    "change_reason": "Fuzz",
                },
            ),
        ),
        T(
            "actors:person_create",
            "person_create",
            "coordinator",
            lambda w: r("actors:person_create"),
            lambda w: form_shape(
                PersonForm(),
                {"organisation": w["organisation"].pk, "phone": "070-123 45 67", "user": ""},
            ),
            query=lambda w: fields_shape({"organisation": choice(w["organisation"].pk)}),
        ),
        T(
            "actors:person_edit",
            "person_edit",
            "coordinator",
            lambda w: r("actors:person_edit", w["person"].pk),
            lambda w: form_shape(
                PersonForm(instance=w["person"]),
                {
                    "organisation": w["organisation"].pk,
                    "phone": "+46 70 123 45 67",
                    "user": "",
                    "change_reason": "Fuzz",
                },
            ),
        ),
        T(
            "actors:role_create",
            "role_create",
            "coordinator",
            lambda w: r("actors:role_create", w["organisation"].pk),
            lambda w: form_shape(
                RoleForm(organisation=w["organisation"]),
                {"person": w["person"].pk, "deputy": "", "valid_from": "2024-01-01", "valid_to": ""},
            ),
        ),
        T(
            "actors:role_edit",
            "role_edit",
            "coordinator",
            lambda w: r("actors:role_edit", w["organisation"].pk, w["role"].pk),
            lambda w: form_shape(
                RoleForm(organisation=w["organisation"], instance=w["role"]),
                {
                    "person": w["person"].pk,
                    "deputy": "",
                    "valid_from": "2024-01-01",
                    "valid_to": "",
                    "change_reason": "Fuzz",
                },
            ),
        ),
        # --- The alarm chain ---
        T(
            "alarms:raise",
            "raise",
            "coordinator",
            lambda w: r("alarms:raise"),
            lambda w: form_shape(
                RaiseForm(user=w["coordinator"]),
                {"municipality": f.municipality("2482").pk, "message": "Fuzzlarm", "confirm": "1"},
                extra={"confirm": choice("1", "0"), "edit": TEXT},
            ),
            query=lambda w: fields_shape(
                {
                    "case": choice(w["case_open"].pk, w["case_other_region"].pk),
                    "signal": choice(w["signal"].pk),
                }
            ),
        ),
        T(
            "alarms:answer",
            "alarm_answer",
            "contact",
            lambda w: r("alarms:answer", w["alarm"].pk, w["alarm_recipient"].pk),
            lambda w: form_shape(AnswerForm(), {"reason": ""}),
        ),
        T(
            "alarms:answer_here",
            "alarm_answer_here",
            "contact",
            lambda w: r("alarms:answer_here", w["alarm"].pk, w["alarm_recipient"].pk),
            lambda w: form_shape(
                AnswerForm(), {"reason": ""}, extra={"next": choice("/", "/larm/inkorg/", TEXT)}
            ),
        ),
        T(
            "alarms:note_add",
            "alarm_note_add",
            "coordinator",
            lambda w: r("alarms:note_add", w["alarm"].pk),
            lambda w: form_shape(NoteForm()),
        ),
        T(
            "alarms:close",
            "alarm_close",
            "coordinator",
            lambda w: r("alarms:close", w["alarm"].pk),
            lambda w: form_shape(CloseForm()),
        ),
        T(
            "alarms:roster_policy",
            "roster_policy",
            "coordinator",
            lambda w: r("alarms:roster_policy", "24"),
            lambda w: form_shape(
                RosterPolicyForm(
                    instance=Roster.objects.get(region=f.region("24")),
                ),
                {
                    "deputy_after_minutes": "15",
                    "coordinator_after_minutes": "30",
                    "max_repeats": "2",
                    "auto_close_hours": "48",
                },
            ),
        ),
        T(
            "alarms:entry_create",
            "roster_entry_create",
            "coordinator",
            lambda w: r("alarms:entry_create", "24"),
            lambda w: form_shape(
                _roster_entry_form(w),
                {
                    "organisation": w["fuzz_region_org"].pk,
                    "primary": w["fuzz_region_person"].pk,
                    "deputy": "",
                },
                extra={"refresh": TEXT},
            ),
            query=lambda w: fields_shape({"organisation": choice(w["fuzz_region_org"].pk)}),
        ),
        T(
            "alarms:entry_edit",
            "roster_entry_edit",
            "coordinator",
            lambda w: r("alarms:entry_edit", "24", w["roster_entry"].pk),
            lambda w: form_shape(
                _roster_entry_form(w, w["roster_entry"]),
                {
                    "organisation": w["member_org"].pk,
                    "primary": w["roster_entry"].deputy_id,
                    "deputy": w["roster_entry"].primary_id,
                },
                extra={"refresh": TEXT},
            ),
        ),
        T(
            "alarms:entry_delete",
            "roster_entry_delete",
            "coordinator",
            lambda w: r("alarms:entry_delete", "24", w["roster_entry"].pk),
            lambda w: fields_shape({"confirm": TEXT}),
            examples=EXAMPLES // 3,
        ),
        T(
            "alarms:channel_create",
            "channel_create",
            "coordinator",
            lambda w: r("alarms:channel_create", w["alarm_primary"].pk),
            lambda w: form_shape(ChannelForm(), {"kind": "sms", "target": "+46701234567"}),
        ),
        T(
            "alarms:channel_edit",
            "channel_edit",
            "coordinator",
            lambda w: r("alarms:channel_edit", w["alarm_channel"].pk),
            lambda w: form_shape(
                ChannelForm(instance=w["alarm_channel"]),
                {"kind": "email", "target": "ny.adress@example.se"},
            ),
        ),
        T(
            "alarms:channel_delete",
            "channel_delete",
            "coordinator",
            lambda w: r("alarms:channel_delete", w["alarm_channel"].pk),
            lambda w: fields_shape({"confirm": TEXT}),
            examples=EXAMPLES // 3,
        ),
        T(
            "alarms:channel_move",
            "channel_move",
            "coordinator",
            lambda w: r("alarms:channel_move", w["alarm_channel"].pk),
            lambda w: fields_shape({"direction": choice("up", "down")}, {"direction": "down"}),
            examples=EXAMPLES // 3,
        ),
        T(
            "alarms:inbox_read_all",
            "inbox_read_all",
            "contact",
            lambda w: r("alarms:inbox_read_all"),
            lambda w: fields_shape({}),
            examples=EXAMPLES // 6,
        ),
        T(
            "alarms:notification_open",
            "notification_open",
            "contact",
            lambda w: r("alarms:notification_open", w["alarm_notification"].pk),
            lambda w: fields_shape({}),
            examples=EXAMPLES // 6,
        ),
        # --- The routine checklist ---
        T(
            "checklist:round_create",
            "round_create",
            "coordinator",
            lambda w: r("checklist:round_create", "24"),
            lambda w: form_shape(
                _round_form(w),
                {"title": "Fuzzomgång", "deadline": FUTURE, "organisations": [w["fuzz_region_org"].pk]},
            ),
        ),
        T(
            "checklist:round_close",
            "round_close",
            "coordinator",
            lambda w: r("checklist:round_close", w["rounds_round"].pk),
            lambda w: fields_shape({"confirm": TEXT}),
            examples=EXAMPLES // 6,
        ),
        T(
            "checklist:round_remind",
            "round_remind",
            "coordinator",
            lambda w: r("checklist:round_remind", w["rounds_round"].pk),
            lambda w: fields_shape({"confirm": TEXT}),
            examples=EXAMPLES // 6,
        ),
        T(
            "checklist:answer",
            "round_answer",
            "contact",
            lambda w: r("checklist:answer", w["rounds_round"].pk, w["rounds_participant"].pk),
            _answer_sheet,
        ),
        T(
            "checklist:drill_start",
            "drill_start",
            "coordinator",
            lambda w: r("checklist:drill_start"),
            _drill_shape,
        ),
        T(
            "checklist:drill_answer",
            "drill_answer",
            "coordinator",
            lambda w: r("checklist:drill_answer", w["drills_drill"].pk),
            lambda w: form_shape(DrillAnswerForm()),
        ),
        T(
            "checklist:drill_close",
            "drill_close",
            "coordinator",
            lambda w: r("checklist:drill_close", w["drills_drill"].pk),
            lambda w: fields_shape({"confirm": TEXT}),
            examples=EXAMPLES // 6,
        ),
        T(
            "checklist:lesson_create",
            "lesson_create",
            "coordinator",
            lambda w: r("checklist:lesson_create", w["fuzz_case_closed"].pk),
            lambda w: form_shape(LessonForm(instance=Lesson(case=w["fuzz_case_closed"]))),
        ),
        T(
            "checklist:lesson_edit",
            "lesson_edit",
            "coordinator",
            lambda w: r("checklist:lesson_edit", w["lessons_lesson"].pk),
            lambda w: form_shape(LessonForm(instance=w["lessons_lesson"])),
        ),
        T(
            "checklist:routine_add",
            "routine_add",
            "admin",
            lambda w: r("checklist:routine_add"),
            lambda w: form_shape(
                RoutineForm(),
                {"text_sv": "Ny rutin", "text_en": "New routine"},
            ),
        ),
        T(
            "checklist:routine_revise",
            "routine_revise",
            "admin",
            lambda w: r("checklist:routine_revise", w["lessons_routine"].pk),
            lambda w: form_shape(
                RoutineForm(),
                {"text_sv": "Ny lydelse", "text_en": "New wording"},
            ),
        ),
        T(
            "checklist:action_from_answer",
            "readiness_action_create",
            "coordinator",
            lambda w: r("checklist:action_from_answer", w["readiness_answer"].pk),
            lambda w: form_shape(
                _regional_action_form(w), {"owner_organisation": "", "owner_person": "", "due_date": FUTURE}
            ),
        ),
        T(
            "checklist:action_edit",
            "readiness_action_edit",
            "coordinator",
            lambda w: r("checklist:action_edit", w["readiness_action"].pk),
            lambda w: form_shape(
                _regional_action_form(w, w["readiness_action"]),
                {
                    "owner_organisation": "",
                    "owner_person": "",
                    "due_date": FUTURE,
                    "reason": "Fuzz",
                    "version": str(w["readiness_action"].version),
                },
            ),
        ),
        # --- The workspace's other forms ---
        T(
            "workspace:engagement_change",
            "engagement_change",
            "coordinator",
            lambda w: r(
                "workspace:engagement_change", case_pk=w["case_open"].pk, member_pk=item(w, "casemember").pk
            ),
            lambda w: form_shape(
                EngagementForm(),
                {
                    "engagement": CaseMember.Engagement.choices[-1][0],
                    "version": str(item(w, "casemember").version),
                },
            ),
            htmx=True,
        ),
        T(
            "workspace:action_propose",
            "action_propose",
            "coordinator",
            lambda w: r(
                "workspace:action_propose", case_pk=w["case_open"].pk, pk=w["fuzz_action_to_propose"].pk
            ),
            lambda w: fields_shape({"version": INT}, {"version": str(w["fuzz_action_to_propose"].version)}),
            htmx=True,
        ),
        T(
            "workspace:action_respond",
            "action_respond",
            "contact",
            lambda w: r("workspace:action_respond", case_pk=w["case_open"].pk, pk=w["plan_action_open"].pk),
            lambda w: form_shape(
                RespondForm(),
                {
                    "decision": "decline",
                    "reason": "Fuzz",
                    "version": str(Action.objects.get(pk=w["plan_action_open"].pk).version),
                },
            ),
            htmx=True,
        ),
        T(
            "workspace:route_verify",
            "route_verify",
            "coordinator",
            lambda w: r("workspace:route_verify", case_pk=w["case_open"].pk, pk=item(w, "contactroute").pk),
            lambda w: fields_shape({"version": INT}, {"version": str(item(w, "contactroute").version)}),
            examples=EXAMPLES // 2,
            htmx=True,
        ),
        T(
            "workspace:calendar_feed_settings",
            "calendar_feed_settings",
            "coordinator",
            lambda w: r("workspace:calendar_feed_settings"),
            lambda w: fields_shape({"revoke": INT}),
            examples=EXAMPLES // 3,
        ),
        # --- Django's own forms on the project's pages ---
        T(
            "login",
            "login",
            None,
            lambda w: r("login"),
            lambda w: form_shape(
                AuthenticationForm(),
                {"username": w["reader"].username, "password": "test-pass-123"},
                extra={"next": TEXT},
            ),
        ),
        T(
            "set_language",
            "set_language",
            None,
            lambda w: r("set_language"),
            lambda w: fields_shape(
                {"language": choice("sv", "en"), "next": TEXT}, {"language": "en", "next": "/"}
            ),
            examples=EXAMPLES // 3,
            saves=False,
        ),
        # --- One's own account and the administrators' account pages (accounts/) ---
        T(
            "password_reset",
            "password_reset",
            None,
            lambda w: r("password_reset"),
            lambda w: form_shape(PasswordResetRequestForm(), {"email": w["reader"].email}),
            saves=False,  # the same answer whether or not the address has an account
        ),
        T(
            "invitation_accept",
            "invitation_accept",
            None,
            lambda w: r("invitation_accept", "MQ", "forged-token"),
            lambda w: fields_shape({"new_password1": TEXT, "new_password2": TEXT}),
            examples=EXAMPLES // 3,
            saves=False,  # a forged link: nothing may be saved, whatever is sent
        ),
        T(
            "accounts:password_change",
            "password_change",
            "official",
            lambda w: r("accounts:password_change"),
            lambda w: form_shape(
                PasswordChangeForm(w["official"]),
                {
                    "old_password": "test-pass-123",
                    "new_password1": "Ett-nytt-langt-losenord-7",
                    "new_password2": "Ett-nytt-langt-losenord-7",
                },
            ),
        ),
        T(
            "accounts:second_factor_enrol",
            "second_factor_enrol",
            "official",
            lambda w: r("accounts:second_factor_enrol"),
            lambda w: form_shape(SecondFactorEnrolForm()),
            saves=False,  # a right code needs the device the page made and the clock
        ),
        T(
            "accounts:second_factor_verify",
            "second_factor_verify",
            "official",
            lambda w: r("accounts:second_factor_verify"),
            lambda w: form_shape(SecondFactorCodeForm(), extra={"next": TEXT}),
            saves=False,
        ),
        T(
            "accounts:recovery_codes_renew",
            "recovery_codes_renew",
            "official",
            lambda w: r("accounts:recovery_codes_renew"),
            lambda w: fields_shape({}),
            examples=EXAMPLES // 5,
            saves=False,  # the official has no second factor: refused with a message
        ),
        T(
            "accounts:second_factor_turn_off",
            "second_factor_turn_off",
            "official",
            lambda w: r("accounts:second_factor_turn_off"),
            lambda w: form_shape(PasswordConfirmForm(), {"password": "test-pass-123"}),
            examples=EXAMPLES // 3,
            saves=False,  # nothing to turn off
        ),
        T(
            "accounts:user_second_factor_reset",
            "user_second_factor_reset",
            "admin",
            lambda w: r("accounts:user_second_factor_reset", w["reader"].pk),
            lambda w: fields_shape({}),
            examples=EXAMPLES // 5,
        ),
        *[
            T(
                name,
                f"webhook_{name.split(':')[1]}",
                "coordinator",
                url,
                lambda w: form_shape(
                    WebhookForm(user=w["coordinator"]),
                    {
                        "description": "Fuzz-mottagare",
                        "url": "https://mottagare.example.se/hook",
                        "region": w["coordinator"].region_id,
                        "event_types": ["signal.logged"],
                    },
                ),
                examples=EXAMPLES // 2,
                # Offline, the egress guard cannot resolve any address and refuses it with a message:
                # nothing is saved; what is checked is that no input gives a server error.
                saves=False,
            )
            for name, url in (
                ("webhooks:create", lambda w: r("webhooks:create")),
                ("webhooks:edit", lambda w: r("webhooks:edit", _fuzz_webhook(w).pk)),
            )
        ],
        T(
            "accounts:api_tokens",
            "api_tokens",
            "coordinator",
            lambda w: r("accounts:api_tokens"),
            lambda w: form_shape(ApiTokenForm(), {"name": "Fuzz", "days": 30, "networks": ""}),
            examples=EXAMPLES // 2,
        ),
        T(
            "accounts:lockout_lift",
            "lockout_lift",
            "admin",
            lambda w: r("accounts:lockout_lift"),
            lambda w: form_shape(LockoutLiftForm(), {"username": "nagon"}, extra={"back": TEXT}),
            examples=EXAMPLES // 2,
            saves=False,  # nobody is locked out in the fuzz world: lifting clears nothing
        ),
        # --- Privacy (privacy/): a person's or user's data exported or erased, by an administrator ---
        *[
            T(
                f"privacy:{kind}_erase",
                f"{kind}_erase",
                "admin",
                lambda w, kind=kind, key=key: r(f"privacy:{kind}_erase", w[key].pk),
                # The confirmation is the id (or the name): anything else erases nothing.
                lambda w, key=key: fields_shape({"confirmation": TEXT}, {"confirmation": str(w[key].pk)}),
                examples=EXAMPLES // 2,
            )
            for kind, key in (("person", "person"), ("user", "reader"))
        ],
        *[
            T(
                f"privacy:{kind}_export",
                f"{kind}_export",
                "admin",
                lambda w, kind=kind, key=key: r(f"privacy:{kind}_export", w[key].pk),
                # No fields: every POST downloads the file (200) and records the export.
                lambda w: fields_shape({}, {}),
                examples=EXAMPLES // 5,
                ok_statuses=(200,),
            )
            for kind, key in (("person", "person"), ("user", "reader"))
        ],
    ]


TARGETS: list[Target] = _item_targets() + _other_targets()


# --- Filter forms and the query strings of pages (GET) -----------------------------------------------

FILTER_EXAMPLES = 36


def _filter_shape(form_class, extra=None) -> Shape:
    """A filter form: every field may be empty (the whole list)."""
    shape = form_shape(form_class(), extra=extra)
    return Shape(shape.kinds, {})


def _get_targets() -> list[Target]:
    page = {"page": INT}

    def G(name, id, user, url, shape, examples=FILTER_EXAMPLES):
        return Target(name, f"get-{id}", user, url, shape, examples=examples, saves=False, method="get")

    return [
        G(
            "establishments:signal_list",
            "signal_list",
            "coordinator",
            lambda w: r("establishments:signal_list"),
            lambda w: _filter_shape(SignalFilterForm, extra={**page, "municipality_text": TEXT}),
        ),
        G(
            "establishments:case_list",
            "case_list",
            "coordinator",
            lambda w: r("establishments:case_list"),
            lambda w: _filter_shape(
                CaseFilterForm, extra={**page, "format": choice("csv"), "municipality_text": TEXT}
            ),
        ),
        G(
            "actors:organisation_list",
            "organisation_list",
            "coordinator",
            lambda w: r("actors:organisation_list"),
            lambda w: _filter_shape(OrganisationFilterForm, extra={**page, "municipality_text": TEXT}),
        ),
        G(
            "actors:person_list",
            "person_list",
            "coordinator",
            lambda w: r("actors:person_list"),
            lambda w: _filter_shape(
                PersonFilterForm, extra={**page, "municipality_text": TEXT, "organisation_text": TEXT}
            ),
        ),
        G(
            "supply:offering_list",
            "offering_list",
            "coordinator",
            lambda w: r("supply:offering_list"),
            lambda w: _filter_shape(
                OfferingFilterForm, extra={**page, "municipality_text": TEXT, "occupation_text": TEXT}
            ),
        ),
        *[
            G(
                name,
                f"picture-{name.split(':')[1]}",
                "coordinator",
                lambda w, name=name, args=args: r(name, *args),
                lambda w: Shape(
                    form_shape(PictureFilterForm(region=Region.objects.get(code="24"))).kinds, {}
                ),
            )
            for name, args in (
                ("picture:region", ("24",)),
                ("picture:region_xlsx", ("24",)),
                ("picture:occupation", ("24", "7411")),
                ("picture:occupation_pdf", ("24", "7411")),
            )
        ],
        *[
            G(
                "actors:suggest",
                f"suggest-{source}",
                "coordinator",
                lambda w, source=source: r("actors:suggest", source),
                lambda w: fields_shape({"q": TEXT}),
            )
            for source in (
                "municipality",
                "municipality-any",
                "organisation",
                "company",
                "signal-source",
                "occupation",
            )
        ],
        G(
            "accounts:user_list",
            "user_list",
            "admin",
            lambda w: r("accounts:user_list"),
            lambda w: _filter_shape(UserFilterForm, extra=page),
        ),
        G(
            "checklist:lesson_library",
            "lesson_library",
            "coordinator",
            lambda w: r("checklist:lesson_library"),
            lambda w: _filter_shape(LessonFilterForm, extra=page),
        ),
        G("search", "search", "coordinator", lambda w: r("search"), lambda w: fields_shape({"q": TEXT})),
        G(
            "establishments:signal_duplicates",
            "signal_duplicates",
            "official",
            lambda w: r("establishments:signal_duplicates"),
            lambda w: Shape(form_shape(_signal_form(w), extra={"source_organisation_text": TEXT}).kinds, {}),
        ),
        G(
            "competence:occupation_search",
            "occupation_search",
            "coordinator",
            lambda w: r("competence:occupation_search", case_pk=w["case_open"].pk),
            lambda w: fields_shape({"q": TEXT}),
        ),
        G(
            "alarms:list",
            "alarm_list",
            "coordinator",
            lambda w: r("alarms:list"),
            lambda w: fields_shape(page),
        ),
        G("alarms:inbox", "inbox", "contact", lambda w: r("alarms:inbox"), lambda w: fields_shape(page)),
        G(
            "alarms:compare",
            "alarm_compare",
            "coordinator",
            lambda w: r("alarms:compare"),
            lambda w: fields_shape({"kind": choice("ovning", "etablering")}),
        ),
        G(
            "alarms:board",
            "alarm_board",
            "coordinator",
            lambda w: r("alarms:board", w["alarm"].pk),
            lambda w: fields_shape({"v": TEXT}),
        ),
        G(
            "alarms:detail",
            "alarm_detail",
            "coordinator",
            lambda w: r("alarms:detail", w["alarm"].pk),
            lambda w: fields_shape({"answer_for": choice(w["alarm_recipient"].pk)}),
        ),
        G(
            "alarms:raise",
            "raise",
            "coordinator",
            lambda w: r("alarms:raise"),
            lambda w: fields_shape({"case": choice(w["case_open"].pk), "signal": choice(w["signal"].pk)}),
        ),
        G(
            "alarms:entry_create",
            "roster_entry_create",
            "coordinator",
            lambda w: r("alarms:entry_create", "24"),
            lambda w: fields_shape({"organisation": choice(w["fuzz_region_org"].pk)}),
        ),
        G(
            "establishments:case_create",
            "case_create",
            "coordinator",
            lambda w: r("establishments:case_create"),
            lambda w: fields_shape({"signal": choice(w["signal"].pk)}),
        ),
        G(
            "actors:person_create",
            "person_create",
            "coordinator",
            lambda w: r("actors:person_create"),
            lambda w: fields_shape({"organisation": choice(w["organisation"].pk)}),
        ),
        G(
            "checklist:drill_start",
            "drill_start",
            "coordinator",
            lambda w: r("checklist:drill_start"),
            lambda w: fields_shape({"municipality": choice(f.municipality("2482").pk)}),
        ),
        G(
            "checklist:answer",
            "round_answer",
            "contact",
            lambda w: r("checklist:answer", w["rounds_round"].pk, w["rounds_participant"].pk),
            lambda w: fields_shape({"change": choice("1")}),
        ),
        G(
            "workspace:item_create",
            "item_create-intervention",
            "coordinator",
            lambda w: r("workspace:item_create", case_pk=w["case_open"].pk, kind="intervention"),
            lambda w: fields_shape({"gap": choice(item(w, "competencegap").pk)}),
        ),
        G(
            "workspace:item_create",
            "item_create-routestep",
            "coordinator",
            lambda w: r("workspace:item_create", case_pk=w["case_open"].pk, kind="routestep"),
            lambda w: fields_shape({"route": choice(item(w, "contactroute").pk)}),
        ),
        G(
            "workspace:item_edit",
            "item_edit-expectation",
            "coordinator",
            lambda w: r(
                "workspace:item_edit",
                case_pk=w["case_open"].pk,
                kind="expectation",
                pk=item(w, "expectation").pk,
            ),
            lambda w: fields_shape({"view": choice("1")}),
        ),
        G(
            "workspace:action_plan_export",
            "action_plan_export",
            "coordinator",
            lambda w: r("workspace:action_plan_export", case_pk=w["case_open"].pk),
            lambda w: fields_shape({"for": choice("company")}),
            examples=FILTER_EXAMPLES // 3,
        ),
    ]


GET_TARGETS: list[Target] = _get_targets()
