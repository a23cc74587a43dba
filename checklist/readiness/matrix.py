"""The matrix of one round: organisations × routines, with each organisation's, routine's and the
round's readiness figure, who disagrees, and the handlingsplaner. Four queries, whatever its size."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field
from functools import cached_property

from django.utils.translation import gettext as _

from actors.models import Organisation
from checklist.rounds.models import Participant, Round, RoutineAnswer, Value
from checklist.routines.models import Routine

from .figure import VALUES, Tally, counted_answers
from .models import RegionalAction


@dataclass
class Cell:
    """One organisation's answer to one routine: ``answer`` only when it counts."""

    participant: Participant
    routine: Routine
    answer: RoutineAnswer | None = None
    action_ids: list[int] = field(default_factory=list)

    @property
    def value(self) -> str:
        return self.answer.value if self.answer else ""

    @property
    def state(self) -> str:
        """ja, delvis, nej; "draft" for an organisation that has not submitted; "missing" for a
        routine a submitted organisation left blank."""
        if self.answer:
            return self.answer.value
        return "missing" if self.participant.submitted_at else "draft"

    @property
    def label(self) -> str:
        if self.answer:
            return self.answer.get_value_display()
        return _("not submitted") if self.state == "draft" else _("no answer")

    @property
    def needs_plan(self) -> bool:
        return bool(self.answer and self.answer.needs_plan)

    @property
    def has_detail(self) -> bool:
        a = self.answer
        return bool(a and (a.comment or a.plan_what or a.plan_who or a.plan_when))


@dataclass
class Column:
    routine: Routine
    tally: Tally = field(default_factory=Tally)
    # Who said what: value -> organisation names, in the matrix's order.
    said: dict[str, list[str]] = field(default_factory=lambda: {v: [] for v in VALUES})

    @property
    def disagreement(self) -> bool:
        return self.tally.disagreement

    @property
    def said_list(self) -> list[tuple[str, str, list[str]]]:
        return [(v, Value(v).label, self.said[v]) for v in VALUES if self.said[v]]


@dataclass
class Row:
    participant: Participant
    cells: list[Cell]
    tally: Tally = field(default_factory=Tally)

    @property
    def organisation(self) -> Organisation:
        return self.participant.organisation


@dataclass
class Matrix:
    round: Round
    columns: list[Column]
    rows: list[Row]
    tally: Tally

    @property
    def figure(self) -> float | None:
        return self.tally.figure

    @property
    def percent(self) -> str:
        return self.tally.percent

    @property
    def data_value(self) -> str:
        return self.tally.data_value

    @property
    def submitted(self) -> int:
        return sum(1 for r in self.rows if r.participant.submitted_at)

    @cached_property
    def disagreements(self) -> list[Column]:
        return [c for c in self.columns if c.disagreement]

    @cached_property
    def plans(self) -> list[Cell]:
        """Every counted answer with a handlingsplan, or that needs one (Delvis, Nej), by routine."""
        cells = [c for row in self.rows for c in row.cells if c.needs_plan or c.has_detail]
        return sorted(cells, key=lambda c: (c.routine.number, c.participant.organisation.name.lower()))


def round_matrix(round_: Round) -> Matrix:
    """Organisations × routines of one round: four queries, whatever its size."""
    routines = list(round_.routines.order_by("number", "version"))
    participants = list(
        round_.participants.select_related("organisation").order_by("organisation__name", "pk")
    )
    answers = (
        counted_answers()
        .filter(participant__round=round_)
        .only("pk", "participant_id", "routine_id", "value", "comment", "plan_what", "plan_who", "plan_when")
        .order_by()
    )
    by_key = {(a.participant_id, a.routine_id): a for a in answers}
    actions: dict[int, list[int]] = defaultdict(list)
    for answer_id, action_id in (
        RegionalAction.objects.filter(source_answer__participant__round=round_)
        .order_by("pk")
        .values_list("source_answer_id", "pk")
    ):
        actions[answer_id].append(action_id)

    columns = {r.pk: Column(routine=r) for r in routines}
    rows, total = [], Tally()
    for p in participants:
        p.round = round_
        row = Row(participant=p, cells=[])
        for routine in routines:
            answer = by_key.get((p.pk, routine.pk))
            if answer is not None:
                # What the templates reach through the answer is already here: no query per cell.
                answer.participant, answer.routine = p, routine
                row.tally.add(answer.value)
                columns[routine.pk].tally.add(answer.value)
                columns[routine.pk].said[answer.value].append(p.organisation.name)
                total.add(answer.value)
            row.cells.append(
                Cell(
                    participant=p,
                    routine=routine,
                    answer=answer,
                    action_ids=actions.get(answer.pk, []) if answer else [],
                )
            )
        rows.append(row)
    return Matrix(round=round_, columns=list(columns.values()), rows=rows, tally=total)
