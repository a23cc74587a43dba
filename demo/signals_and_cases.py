"""The demo's signals and the cases they open, made from ``demo.data`` through
``establishments.services``.

Each signal is logged by its user (no e-mail is sent) and then triaged by its region's coordinator
as its ``outcome`` says: left new, taken up for assessment, dismissed, linked to a case, or opening
one of ``demo.data.cases``. The services date everything now; a demo needs a past, so the received
times are set when logging and the cases' phase changes are dated back afterwards.
"""

from __future__ import annotations

from datetime import date, timedelta
from decimal import Decimal

from django.utils import timezone

from accounts.models import User
from actors.models import Municipality, Organisation
from demo.data.cases import CASES, CaseSpec
from demo.data.people import COORDINATORS
from demo.data.signals import SIGNALS
from establishments.models import EstablishmentCase, Phase, PhaseChange, Signal
from establishments.services import (
    case_change_phase,
    case_create,
    signal_dismiss,
    signal_link_to_case,
    signal_log,
    signal_start_assessment,
)


def seed_signals_and_cases(
    *, users: dict[str, User], orgs: dict[str, Organisation], municipalities: dict[str, Municipality]
) -> dict[str, EstablishmentCase]:
    """Every signal of the demo, in order, and the cases they open, by their keys in ``CASES``."""
    cases: dict[str, EstablishmentCase] = {}
    now = timezone.now()
    for spec in SIGNALS:
        municipality = municipalities[spec.municipality]
        signal = signal_log(
            logged_by=users[spec.logged_by],
            notify=False,
            received_at=now - timedelta(days=spec.days_ago, hours=spec.days_ago % 7 + 2),
            received_by=spec.received_by,
            channel=spec.channel,
            source_organisation=orgs[spec.source] if spec.source else None,
            source_text=spec.source_text,
            subject=spec.subject,
            caller=spec.caller,
            summary=spec.summary,
            sector=spec.sector,
            jobs=spec.jobs,
            investment_msek=Decimal(spec.investment_msek) if spec.investment_msek else None,
            land_hectares=Decimal(spec.land_hectares) if spec.land_hectares else None,
            power_mw=Decimal(spec.power_mw) if spec.power_mw else None,
            municipality=municipality,
            confidentiality=spec.confidentiality,
        )
        coordinator = users[COORDINATORS[municipality.region.code]]
        outcome, _, detail = spec.outcome.partition(":")
        if outcome == "under_bedomning":
            signal_start_assessment(signal=signal, user=coordinator)
        elif outcome == "avskriven":
            signal_start_assessment(signal=signal, user=coordinator)
            signal_dismiss(signal=signal, user=coordinator, reason=detail.strip())
        elif outcome == "case":
            cases[detail] = open_case(
                CASES[detail], signal=signal, users=users, orgs=orgs, municipalities=municipalities
            )
        elif outcome == "link":
            signal_link_to_case(signal=signal, case=cases[detail], user=coordinator)
    return cases


def open_case(spec: CaseSpec, *, signal: Signal, users, orgs, municipalities) -> EstablishmentCase:
    """Open the case of ``spec`` from ``signal`` and walk it through its phases."""
    opener = users[spec.opened_by]
    if spec.assess_first:
        signal_start_assessment(signal=signal, user=opener)
    target_date = None
    if spec.target is not None:
        years, month, day = spec.target
        target_date = date(timezone.localdate().year + years, month, day)
    case = case_create(
        user=opener,
        signal=signal,
        name=spec.name,
        code_name=spec.code_name,
        company=orgs[spec.company],
        sector=spec.sector,
        kind=spec.kind,
        lead_municipality=municipalities[spec.lead_municipality],
        candidate_municipalities=[municipalities[code] for code in spec.candidate_municipalities],
        phase=Phase.INVESTIGATION,
        confidentiality=spec.confidentiality,
        target_jobs=spec.target_jobs,
        target_date=target_date,
        coordinator=users[spec.coordinator],
        deputy=users[spec.deputy],
        members=[orgs[key] for key in spec.members],
        description=spec.description,
    )
    if spec.opened_days_ago is None:
        return case
    return _phases(case, users[spec.coordinator], spec.phases, opened_days_ago=spec.opened_days_ago)


def _phases(case, user, steps, opened_days_ago: int) -> EstablishmentCase:
    """Walk the case through its phases, then date each change as it happened in the story
    (the services date a change now; a demo needs a past)."""
    now = timezone.now()
    PhaseChange.objects.filter(case=case).update(changed_at=now - timedelta(days=opened_days_ago))
    started = now - timedelta(days=opened_days_ago)
    for phase, note, days_ago in steps:
        case = case_change_phase(case=case, user=user, phase=phase, note=note)
        started = now - timedelta(days=days_ago)
        PhaseChange.objects.filter(case=case, to_phase=phase).update(changed_at=started)
    EstablishmentCase.objects.filter(pk=case.pk).update(phase_started_at=started)
    case.refresh_from_db()
    return case
