"""checklist.rounds: opening and closing rounds, saving and submitting answers, their history, and
the personal link (personal_link)."""

from datetime import timedelta

import pytest
from django.core import mail
from django.core.exceptions import PermissionDenied, ValidationError
from django.utils import timezone

from actors.models import Level, OrganisationType
from checklist.models import Participant, Round, Routine, RoutineAnswer, Value
from checklist.rounds import personal_link, services
from config import links
from tests import factories as f
from tests.checklist.harness_rounds import full_values, open_round, region_org

pytestmark = [pytest.mark.django_db, pytest.mark.english]


def snapshot():
    return (
        Round.objects.count(),
        Participant.objects.count(),
        RoutineAnswer.objects.count(),
        RoutineAnswer.history.count(),
        Participant.history.count(),
    )


# --- Opening ---------------------------------------------------------------------------------


def test_it_opens_a_round_with_a_participant_and_blank_answers_per_routine(
    django_capture_on_commit_callbacks,
):
    coordinator = f.coordinator("24")
    orgs = [region_org(), region_org()]
    national = f.OrganisationFactory(type=OrganisationType.ARBETSFORMEDLINGEN, level=Level.NATIONELL)
    chosen = f.PersonFactory(organisation=national, name="Öberg Anna")
    f.PersonFactory(organisation=national, name="Andersson Bo", email="")
    with django_capture_on_commit_callbacks(execute=True):
        round_ = open_round(coordinator, organisations=[*orgs, national], contacts={national.pk: chosen})
    routines = list(Routine.objects.filter(is_current=True))
    assert len(routines) == 10
    assert set(round_.routines.all()) == set(routines)
    assert round_.participants.count() == 3
    assert RoutineAnswer.objects.filter(participant__round=round_, value="").count() == 30
    assert round_.participants.get(organisation=national).contact == chosen
    # Left to the default: the first person of the organisation with an e-mail address.
    for org in orgs:
        assert round_.participants.get(organisation=org).contact == org.people.get()
    # One invitation per contact, after commit, with the personal link.
    assert len(mail.outbox) == 3
    assert all("/checklista/svara/" in m.body for m in mail.outbox)
    assert Round.history.get().history_user == coordinator
    assert Participant.history.filter(history_user=coordinator).count() == 3


def test_a_new_routine_version_after_opening_does_not_change_the_round():
    round_ = open_round()
    old = Routine.objects.get(number=4, is_current=True)
    old.is_current = False
    old.save()
    Routine.objects.create(number=4, version=2, text_sv="Ny lydelse", text_en="New wording")
    assert old in round_.routines.all()
    assert not round_.routines.filter(version=2).exists()


@pytest.mark.parametrize(
    ("deadline_days", "message"),
    [(0, "future date"), (-3, "future date"), (400, "within a year")],
)
def test_a_bad_deadline_is_refused_and_nothing_is_created(deadline_days, message):
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        open_round(deadline_days=deadline_days)
    assert message in str(exc.value.message_dict["deadline"])
    assert snapshot() == before


def test_an_empty_organisation_list_is_refused():
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        open_round(organisations=[])
    assert "at least one organisation" in str(exc.value.message_dict["organisations"])
    assert snapshot() == before


def test_another_regions_organisation_or_a_company_cannot_be_asked():
    for org in (region_org("21"), f.CompanyFactory(region=f.region("24"))):
        before = snapshot()
        with pytest.raises(ValidationError) as exc:
            open_round(organisations=[region_org(), org])
        assert "organisations" in exc.value.message_dict
        assert snapshot() == before


def test_a_contact_from_another_organisation_is_refused():
    org, other = region_org(), region_org()
    before = snapshot()
    with pytest.raises(ValidationError):
        open_round(organisations=[org], contacts={org.pk: other.people.get()})
    assert snapshot() == before


@pytest.mark.parametrize("who", ["reader", "official", "contact", "other_coordinator"])
def test_only_the_regions_coordinators_and_admins_open_rounds(who):
    user = {
        "reader": lambda: f.reader("24"),
        "official": lambda: f.official("2482"),
        "contact": lambda: f.contact(),
        "other_coordinator": lambda: f.coordinator("21"),
    }[who]()
    with pytest.raises(PermissionDenied):
        open_round(coordinator=user)
    assert not Round.objects.exists()
    assert open_round(coordinator=f.admin()).pk


# --- Answering ------------------------------------------------------------------------------


def test_a_draft_may_be_incomplete_and_only_changed_answers_get_history():
    round_ = open_round(n=1)
    p = round_.participants.get()
    user = f.contact(p.organisation)
    first = p.answers.order_by("routine__number").first()
    services.answer_save(
        participant=p, user=user, values={first.routine_id: {"value": "nej", "comment": "Saknas"}}
    )
    first.refresh_from_db()
    assert (first.value, first.comment, first.plan_what) == ("nej", "Saknas", "")
    assert first.history.count() == 2
    assert first.history.first().history_user == user
    # Saving the same values again writes nothing.
    services.answer_save(
        participant=p, user=user, values={first.routine_id: {"value": "nej", "comment": "Saknas"}}
    )
    assert first.history.count() == 2
    p.refresh_from_db()
    assert not p.is_submitted


def test_submitting_needs_every_routine_and_a_plan_for_partly_and_no():
    p = open_round(n=1).participants.get()
    user = f.contact(p.organisation)
    values = full_values(p, "ja")
    missing = next(iter(values))
    values[missing]["value"] = ""
    before = snapshot()
    with pytest.raises(services.AnswerInvalid) as exc:
        services.answer_save(participant=p, user=user, values=values, submit=True)
    assert set(exc.value.per_routine) == {missing}
    assert snapshot() == before  # nothing saved, not even the draft part

    values = full_values(p, "ja")
    values[missing] = {"value": "delvis", "plan_what": "  "}
    with pytest.raises(services.AnswerInvalid) as exc:
        services.answer_save(participant=p, user=user, values=values, submit=True)
    assert exc.value.per_routine == {missing: {"plan_what": exc.value.per_routine[missing]["plan_what"]}}
    assert snapshot() == before

    # A draft with the same gap is fine.
    services.answer_save(participant=p, user=user, values=values)
    values[missing]["plan_what"] = "Utbildning för växeln"
    services.answer_save(participant=p, user=user, values=values, submit=True)
    p.refresh_from_db()
    assert p.is_submitted and p.submitted_by == user and p.submitted_by_person is None


def test_a_change_after_submission_needs_a_reason_and_is_in_the_history():
    p = open_round(n=1).participants.get()
    user = f.contact(p.organisation)
    services.answer_save(participant=p, user=user, values=full_values(p, "ja"), submit=True)
    answer = p.answers.order_by("routine__number")[3]
    change = {answer.routine_id: {"value": "nej", "plan_what": "Gemensam ärendelogg", "plan_who": "Regionen"}}
    before = snapshot()
    with pytest.raises(ValidationError) as exc:
        services.answer_save(participant=p, user=user, values=change)
    assert "reason" in exc.value.message_dict
    assert snapshot() == before
    services.answer_save(participant=p, user=user, values=change, reason="Systemet lades ned i mars")
    answer.refresh_from_db()
    assert answer.value == Value.NO
    latest = answer.history.first()
    assert latest.history_change_reason == "Systemet lades ned i mars"
    assert latest.history_user == user
    assert latest.prev_record.value == Value.YES
    # Emptying a submitted answer is refused: it must stay complete.
    with pytest.raises(services.AnswerInvalid):
        services.answer_save(
            participant=p, user=user, values={answer.routine_id: {"value": ""}}, reason="Oklart"
        )


def test_answers_to_a_closed_round_are_refused():
    round_ = open_round(n=1)
    p = round_.participants.get()
    user = f.contact(p.organisation)
    services.round_close(user=round_.opened_by, round=round_)
    before = snapshot()
    with pytest.raises(ValidationError, match="closed"):
        services.answer_save(participant=p, user=user, values=full_values(p), submit=True)
    assert snapshot() == before


@pytest.mark.parametrize("who", ["reader", "coordinator", "other_contact"])
def test_only_the_organisation_itself_answers(who):
    round_ = open_round(n=1)
    p = round_.participants.get()
    user = {"reader": f.reader("24"), "coordinator": round_.opened_by, "other_contact": f.contact()}[who]
    with pytest.raises(PermissionDenied):
        services.answer_save(participant=p, user=user, values=full_values(p))
    assert not RoutineAnswer.objects.exclude(value="").exists()


def test_unknown_routines_and_bad_values_are_refused():
    p = open_round(n=1).participants.get()
    user = f.contact(p.organisation)
    other_round = open_round(n=1).participants.get()
    foreign = other_round.answers.first().routine_id + 10_000
    with pytest.raises(services.AnswerInvalid):
        services.answer_save(participant=p, user=user, values={foreign: {"value": "ja"}})
    rid = p.answers.first().routine_id
    with pytest.raises(services.AnswerInvalid) as exc:
        services.answer_save(
            participant=p, user=user, values={rid: {"value": "kanske", "plan_who": "x" * 201}}
        )
    assert set(exc.value.per_routine[rid]) == {"value", "plan_who"}
    assert not RoutineAnswer.objects.exclude(value="").exists()


# --- Closing ---------------------------------------------------------------------------------


def test_closing_is_for_the_regions_coordinators_and_only_once():
    round_ = open_round(n=1)
    with pytest.raises(PermissionDenied):
        services.round_close(user=f.coordinator("21"), round=round_)
    with pytest.raises(PermissionDenied):
        services.round_close(user=f.reader("24"), round=round_)
    services.round_close(user=f.coordinator("24"), round=round_)
    round_.refresh_from_db()
    assert not round_.is_open
    with pytest.raises(ValidationError, match="already closed"):
        services.round_close(user=round_.opened_by, round=round_)


# --- The personal link ------------------------------------------------------------------------


def test_a_link_names_its_participant_and_expires_after_the_deadline_and_the_grace():
    round_ = open_round(n=1, deadline_days=5)
    p = round_.participants.get()
    token = personal_link.answer_token(p)
    assert personal_link.participant_from_token(token) == p
    last_moment = personal_link.link_expires_at(round_)
    assert personal_link.participant_from_token(token, now=last_moment - timedelta(seconds=1)) == p
    with pytest.raises(links.LinkError) as exc:
        personal_link.participant_from_token(token, now=last_moment + timedelta(seconds=1))
    assert exc.value.kind == "expired"


def test_a_forged_or_reissued_link_is_refused():
    p = open_round(n=1).participants.get()
    token = personal_link.answer_token(p)
    for bad in (token[:-2] + "xx", "nonsense", token.replace(":", ";", 1)):
        with pytest.raises(links.LinkError) as exc:
            personal_link.participant_from_token(bad)
        assert exc.value.kind == "invalid"
    # A new contact makes the old contact's link invalid.
    p.contact = f.PersonFactory(organisation=p.organisation)
    p.save()
    with pytest.raises(links.LinkError, match="contact"):
        personal_link.participant_from_token(token)


def test_a_link_to_a_closed_round_is_refused():
    round_ = open_round(n=1)
    token = personal_link.answer_token(round_.participants.get())
    services.round_close(user=round_.opened_by, round=round_, now=timezone.now())
    with pytest.raises(links.LinkError) as exc:
        personal_link.participant_from_token(token)
    assert exc.value.kind == "closed"


def test_through_the_link_the_contact_answers_and_a_submitted_sheet_is_read_only():
    p = open_round(n=1).participants.get()
    person = p.contact
    services.answer_save(participant=p, person=person, values=full_values(p, "delvis"), submit=True)
    p.refresh_from_db()
    assert p.submitted_by_person == person and p.submitted_by is None
    assert RoutineAnswer.history.filter(history_change_reason=services.REASON_LINK_SUBMITTED).count() == 10
    with pytest.raises(ValidationError, match="already been submitted"):
        services.answer_save(participant=p, person=person, values=full_values(p, "ja"), reason="x")
    with pytest.raises(PermissionDenied):
        services.answer_save(participant=p, person=f.PersonFactory(organisation=p.organisation), values={})


def test_a_yes_carries_no_action_plan_but_the_history_keeps_it():
    p = open_round(n=1).participants.get()
    user = f.contact(p.organisation)
    rid = p.answers.first().routine_id
    services.answer_save(
        participant=p, user=user, values={rid: {"value": "nej", "plan_what": "Ny rutin", "plan_who": "X"}}
    )
    services.answer_save(participant=p, user=user, values={rid: {"value": "ja", "plan_what": "Ny rutin"}})
    answer = p.answers.get(routine_id=rid)
    assert (answer.value, answer.plan_what, answer.plan_who) == ("ja", "", "")
    assert answer.history.first().prev_record.plan_what == "Ny rutin"


def test_the_default_contact_prefers_someone_with_a_current_role():
    org = region_org(with_contact=False)
    f.PersonFactory(organisation=org, name="Anna Avgått")
    ended = f.RoleFactory(
        organisation=org, person=org.people.get(), valid_from=timezone.localdate() - timedelta(days=900)
    )
    ended.valid_to = timezone.localdate() - timedelta(days=30)
    ended.save()
    f.PersonFactory(organisation=org, name="Bo Utan Roll", email="")
    current = f.RoleFactory(
        organisation=org, person=f.PersonFactory(organisation=org, name="Cecilia Kontakt")
    ).person
    assert services.default_contact(org) == current
    round_ = open_round(organisations=[org])
    assert round_.participants.get().contact == current
    # Nobody with a current role: the first with an e-mail address.
    other = region_org(with_contact=False)
    first = f.PersonFactory(organisation=other, name="Aaron Först")
    f.PersonFactory(organisation=other, name="Bertil Sen")
    assert services.default_contact(other) == first
