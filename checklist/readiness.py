"""Seeing the routine checklist: the matrix of a round, disagreement, the readiness figure and its
trend, and the reads of the region's readiness plan.

Pure reads. Every entry point is narrowed by the access policy first (``region_for``,
``round_for``, ``answer_for``, ``action_for`` raise Http404 for what the user may not know exists),
and every page's data comes in a fixed number of queries, whatever the number of organisations,
routines or rounds.

The rules of this area, each in one place (and said in plain words on the pages):

* **What counts** (``counted_answers``, ``is_counted``): only the answers of an organisation that
  has *submitted* its answers for the round. A draft is shown as "not submitted" and counts nowhere.
* **The readiness figure** (``Tally.figure``): Ja = 1, Delvis = ½, Nej = 0 (``models.SCORE``),
  averaged over every counted answer, shown as a percentage from 0 to 100 with one decimal. The same
  rule gives the figure of a round, of one organisation in a round, and of one routine in a round.
* **Disagreement** (``Tally.disagreement``): in one round, for one routine, the counted answers
  include both Ja and Nej.
* **Movement** (``direction``): comparing two figures, or two answers by their score; routines are
  matched across versions by their *number*.
"""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass, field

from django.db.models import Count, Q, QuerySet
from django.http import Http404
from django.utils.formats import number_format
from django.utils.translation import gettext as _

from accounts import policy
from actors.models import Organisation, Person, Region
from establishments.models import Theme
from workspace.plan.models import FINISHED_ACTION_STATUSES

from . import selectors
from .models import SCORE, Participant, RegionalAction, Round, Routine, RoutineAnswer, Value

VALUES = [Value.YES, Value.PARTLY, Value.NO]

# --- The rules ---------------------------------------------------------------------------------


def counted_answers(queryset: QuerySet[RoutineAnswer] | None = None) -> QuerySet[RoutineAnswer]:
    """The answers that count: given (not blank) by an organisation that has submitted the round."""
    qs = RoutineAnswer.objects.all() if queryset is None else queryset
    return qs.filter(participant__submitted_at__isnull=False).exclude(value="")


def is_counted(answer: RoutineAnswer) -> bool:
    """``counted_answers`` for one answer already in memory."""
    return answer.participant.submitted_at is not None and answer.value in SCORE


@dataclass
class Tally:
    """The counted answers of a round, an organisation or a routine, by value."""

    ja: int = 0
    delvis: int = 0
    nej: int = 0

    def add(self, value: str, n: int = 1) -> None:
        if value in SCORE:
            setattr(self, value, getattr(self, value) + n)

    @property
    def total(self) -> int:
        return self.ja + self.delvis + self.nej

    @property
    def figure(self) -> float | None:
        """The readiness figure, 0–100: Ja 1, Delvis ½, Nej 0, averaged; None with nothing counted."""
        if not self.total:
            return None
        points = self.ja * SCORE[Value.YES] + self.delvis * SCORE[Value.PARTLY] + self.nej * SCORE[Value.NO]
        return 100 * points / self.total

    @property
    def disagreement(self) -> bool:
        """Actors disagree when one says Ja and another Nej about the same routine in the same round."""
        return bool(self.ja and self.nej)

    @property
    def percent(self) -> str:
        return percent(self.figure)

    @property
    def data_value(self) -> str:
        """The figure for machines (tests, the browser test): one decimal, a point."""
        return "" if self.figure is None else f"{self.figure:.1f}"


def percent(figure: float | None) -> str:
    """A figure as the pages show it: one decimal, the reader's decimal mark, and %; "–" for none."""
    return "–" if figure is None else f"{number_format(round(figure, 1), 1)} %"


def _rounded(figure: float | None) -> float | None:
    return None if figure is None else round(figure, 1)


def direction(before, after) -> str:
    """ "up", "down" or "same" between two figures (compared as shown, to one decimal) or two
    answers (by their score); "" when either is missing."""
    if isinstance(before, str) or isinstance(after, str):
        before, after = SCORE.get(before), SCORE.get(after)
    else:
        before, after = _rounded(before), _rounded(after)
    if before is None or after is None:
        return ""
    return "up" if after > before else "down" if after < before else "same"


ARROWS = {"up": "↑", "down": "↓", "same": "→", "": ""}


def direction_text(key: str) -> str:
    return {"up": _("up"), "down": _("down"), "same": _("unchanged"), "": ""}[key]


# --- Narrowing by the access policy -------------------------------------------------------------


def home_region(user) -> Region | None:
    """The region whose readiness a user follows by default: the one they work for."""
    region_id = policy.region_id_of(user)
    return Region.objects.filter(pk=region_id).first() if region_id else None


def region_for(user, code: str) -> Region:
    region = Region.objects.filter(code=code).first()
    if region is None or not policy.can_view_readiness(user, region):
        raise Http404
    return region


def round_for(user, pk: int) -> Round:
    """A round whose matrix the user may see (the region's readiness), else 404: the rounds area's
    one lookup, so a round is found the same way on every page. Contacts answer their own
    organisation's part there and never see the whole matrix."""
    return selectors.round_for(user, pk)


def answer_for(user, pk: int) -> RoutineAnswer:
    answer = (
        RoutineAnswer.objects.select_related(
            "routine", "participant__organisation", "participant__contact", "participant__round__region"
        )
        .filter(pk=pk)
        .first()
    )
    if answer is None or not policy.can_view_readiness(user, answer.participant.round.region):
        raise Http404
    return answer


def action_for(user, pk: int) -> RegionalAction:
    action = (
        RegionalAction.objects.select_related(
            "region",
            "owner_organisation",
            "owner_person",
            "source_answer__routine",
            "source_answer__participant__organisation",
            "source_answer__participant__round",
        )
        .filter(pk=pk)
        .first()
    )
    if action is None or not policy.can_view_readiness(user, action.region):
        raise Http404
    return action


# --- The matrix of one round --------------------------------------------------------------------


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

    @property
    def disagreements(self) -> list[Column]:
        return [c for c in self.columns if c.disagreement]

    @property
    def plans(self) -> list[Cell]:
        """Every counted answer with a handlingsplan, or that needs one (Delvis, Nej), by routine."""
        cells = [c for row in self.rows for c in row.cells if c.needs_plan or c.has_detail]
        return sorted(cells, key=lambda c: (c.routine.number, c.participant.organisation.name.lower()))


def round_matrix(round_: Round) -> Matrix:
    """Organisations × routines of one round: four queries, whatever its size."""
    routines = list(round_.routines.order_by("number", "version"))
    participants = list(
        round_.participants.select_related("organisation", "contact").order_by("organisation__name", "pk")
    )
    answers = (
        counted_answers()
        .filter(participant__round=round_)
        .only("pk", "participant_id", "routine_id", "value", "comment", "plan_what", "plan_who", "plan_when")
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


# --- Rounds of a region, and the trend ----------------------------------------------------------


@dataclass
class RoundSummary:
    round: Round
    participants: int
    submitted: int
    tally: Tally

    @property
    def figure(self) -> float | None:
        return self.tally.figure

    @property
    def percent(self) -> str:
        return percent(self.figure)


def _round_summaries(rounds: QuerySet[Round]) -> list[RoundSummary]:
    """The rounds (oldest first) with their submitted counts and readiness: two queries."""
    subquery = rounds.values("pk")
    rounds = list(
        rounds.annotate(
            n_participants=Count("participants", distinct=True),
            n_submitted=Count(
                "participants", filter=Q(participants__submitted_at__isnull=False), distinct=True
            ),
        ).order_by("opened_at", "pk")
    )
    tallies: dict[int, Tally] = defaultdict(Tally)
    for row in (
        counted_answers()
        .filter(participant__round__in=subquery)
        .values("participant__round_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tallies[row["participant__round_id"]].add(row["value"], row["n"])
    return [
        RoundSummary(round=r, participants=r.n_participants, submitted=r.n_submitted, tally=tallies[r.pk])
        for r in rounds
    ]


def region_rounds(region: Region) -> list[RoundSummary]:
    return _round_summaries(Round.objects.filter(region=region).select_related("region"))


@dataclass
class RegionLine:
    region: Region
    rounds: int
    latest: RoundSummary | None


def region_list() -> list[RegionLine]:
    """Every region with its number of rounds and its latest round's figure (the administrators'
    index): three queries."""
    summaries = _round_summaries(Round.objects.all())
    latest: dict[int, RoundSummary] = {}
    counts: dict[int, int] = defaultdict(int)
    for s in summaries:
        latest[s.round.region_id] = s
        counts[s.round.region_id] += 1
    return [
        RegionLine(region=r, rounds=counts[r.pk], latest=latest.get(r.pk))
        for r in Region.objects.order_by("name")
    ]


@dataclass
class Step:
    """A routine's (or the region's) figure in one round, and how it moved from the previous one."""

    summary: RoundSummary
    figure: float | None
    asked: bool = True
    disagreement: bool = False
    direction: str = ""

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    @property
    def direction_text(self) -> str:
        return direction_text(self.direction)

    @property
    def percent(self) -> str:
        return percent(self.figure)

    @property
    def data_value(self) -> str:
        """The figure for machines (tests, the browser test): one decimal, a point."""
        return "" if self.figure is None else f"{self.figure:.1f}"


def _steps(summaries: list[RoundSummary], figures: list[float | None], asked=None, flags=None) -> list[Step]:
    steps, previous = [], None
    for i, (summary, figure) in enumerate(zip(summaries, figures, strict=True)):
        step = Step(
            summary=summary,
            figure=figure,
            asked=asked[i] if asked else True,
            disagreement=flags[i] if flags else False,
            direction=direction(previous, figure) if figure is not None else "",
        )
        if figure is not None:
            previous = figure
        steps.append(step)
    return steps


def region_trend_overall(summaries: list[RoundSummary]) -> list[Step]:
    """The region's figure per round, oldest first, each with its movement from the previous round
    with answers."""
    return _steps(summaries, [s.figure for s in summaries])


@dataclass
class RoutineTrend:
    number: int
    text: str
    steps: list[Step]

    @property
    def latest(self) -> Step | None:
        return next((s for s in reversed(self.steps) if s.figure is not None), None)


@dataclass
class Move:
    routine_number: int
    before: str
    after: str

    @property
    def direction(self) -> str:
        return direction(self.before, self.after)

    @property
    def arrow(self) -> str:
        return ARROWS[self.direction]

    @property
    def direction_text(self) -> str:
        return direction_text(self.direction)

    @property
    def before_label(self) -> str:
        return Value(self.before).label if self.before else "–"

    @property
    def after_label(self) -> str:
        return Value(self.after).label if self.after else "–"


@dataclass
class OrganisationMoves:
    name: str
    moves: list[Move]

    @property
    def changed(self) -> int:
        return sum(1 for m in self.moves if m.direction in ("up", "down"))


@dataclass
class Trend:
    region: Region
    rounds: list[RoundSummary]  # oldest first
    overall: list[Step]
    routines: list[RoutineTrend]
    compared: tuple[RoundSummary, RoundSummary] | None
    organisations: list[OrganisationMoves]

    @property
    def latest(self) -> Step | None:
        return next((s for s in reversed(self.overall) if s.figure is not None), None)

    @property
    def numbers(self) -> list[int]:
        return [r.number for r in self.routines]

    @property
    def flagged_rounds(self) -> list[tuple[RoundSummary, list[RoutineTrend]]]:
        """Per round (newest first), the routines on which actors disagreed."""
        out = []
        for i, summary in reversed(list(enumerate(self.rounds))):
            flagged = [rt for rt in self.routines if rt.steps[i].disagreement]
            out.append((summary, flagged))
        return out


def _routine_texts(region: Region) -> dict[int, str]:
    """A routine number's wording: the current version's, else the latest version the region asked."""
    texts: dict[int, tuple[bool, int, str]] = {}
    for r in Routine.objects.filter(Q(is_current=True) | Q(rounds__region=region)).distinct():
        key = (r.is_current, r.version)
        if r.number not in texts or key > texts[r.number][:2]:
            texts[r.number] = (r.is_current, r.version, r.text)
    return {n: t[2] for n, t in sorted(texts.items())}


def region_trend(region: Region, summaries: list[RoundSummary] | None = None) -> Trend:
    """The region's rounds, oldest first: the figure per round and per routine (matched by number),
    disagreement per round and routine, and each organisation's movement between the two latest
    rounds with submitted answers. Seven queries, whatever the number of rounds or organisations."""
    summaries = region_rounds(region) if summaries is None else summaries
    index = {s.round.pk: i for i, s in enumerate(summaries)}
    per_routine: dict[int, list[Tally]] = defaultdict(lambda: [Tally() for _ in summaries])
    for row in (
        counted_answers()
        .filter(participant__round__region=region)
        .values("participant__round_id", "routine__number", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        per_routine[row["routine__number"]][index[row["participant__round_id"]]].add(row["value"], row["n"])
    asked: dict[int, set[int]] = defaultdict(set)
    for round_id, number in Round.routines.through.objects.filter(round__region=region).values_list(
        "round_id", "routine__number"
    ):
        asked[number].add(round_id)
    texts = _routine_texts(region)
    numbers = sorted(set(texts) & (set(asked) | set(per_routine))) or sorted(texts)
    routines = []
    for n in numbers:
        tallies = per_routine.get(n) or [Tally() for _ in summaries]
        routines.append(
            RoutineTrend(
                number=n,
                text=texts.get(n, ""),
                steps=_steps(
                    summaries,
                    [t.figure for t in tallies],
                    asked=[s.round.pk in asked[n] for s in summaries],
                    flags=[t.disagreement for t in tallies],
                ),
            )
        )
    overall = region_trend_overall(summaries)

    answered = [s for s in summaries if s.tally.total]
    compared = (answered[-2], answered[-1]) if len(answered) >= 2 else None
    organisations: list[OrganisationMoves] = []
    if compared:
        before_id, after_id = compared[0].round.pk, compared[1].round.pk
        values: dict[tuple[int, int], dict[int, str]] = defaultdict(dict)
        names: dict[int, str] = {}
        for row in (
            counted_answers()
            .filter(participant__round_id__in=[before_id, after_id])
            .values(
                "participant__round_id",
                "participant__organisation_id",
                "participant__organisation__name",
                "routine__number",
                "value",
            )
        ):
            org = row["participant__organisation_id"]
            names[org] = row["participant__organisation__name"]
            values[(org, row["participant__round_id"])][row["routine__number"]] = row["value"]
        for org, name in sorted(names.items(), key=lambda item: item[1].lower()):
            before, after = values.get((org, before_id), {}), values.get((org, after_id), {})
            organisations.append(
                OrganisationMoves(
                    name=name,
                    moves=[
                        Move(routine_number=n, before=before.get(n, ""), after=after.get(n, ""))
                        for n in numbers
                    ],
                )
            )
    return Trend(
        region=region,
        rounds=summaries,
        overall=overall,
        routines=routines,
        compared=compared,
        organisations=organisations,
    )


# --- The region's readiness plan ----------------------------------------------------------------


def region_actions(region: Region) -> list[RegionalAction]:
    """The region's readiness actions with their owners and the answer each came from: one query."""
    return list(
        RegionalAction.objects.filter(region=region).select_related(
            "owner_organisation",
            "owner_person",
            "source_answer__routine",
            "source_answer__participant__organisation",
            "source_answer__participant__round",
        )
    )


def open_action_count(region: Region) -> int:
    return RegionalAction.objects.filter(region=region).exclude(status__in=FINISHED_ACTION_STATUSES).count()


def owner_organisations(region: Region, include: int | None = None) -> QuerySet[Organisation]:
    """Who may own a readiness action: the region's organisations and every organisation asked in
    one of its rounds (and the current owner, wherever it is)."""
    asked = Participant.objects.filter(round__region=region).values("organisation_id")
    condition = Q(region=region) | Q(municipality__region=region) | Q(pk__in=asked)
    if include:
        condition |= Q(pk=include)
    return Organisation.objects.filter(condition).distinct().order_by("name")


# A first suggestion of the blueprint theme an action born of a routine belongs to; the coordinator
# chooses.
ROUTINE_THEMES = {
    1: Theme.MULTI_LEVEL,
    2: Theme.AUTHORITY_COOPERATION,
    3: Theme.MULTI_LEVEL,
    4: Theme.ALARM,
    5: Theme.AUTHORITY_COOPERATION,
    6: Theme.AUTHORITY_COOPERATION,
    7: Theme.RECEIVING_CAPACITY,
    8: Theme.COMMUNICATION,
    9: Theme.RECEIVING_CAPACITY,
    10: Theme.AUTHORITY_COOPERATION,
}


def suggested_action(answer: RoutineAnswer) -> dict:
    """The form's first values for an action born of ``answer``'s handlingsplan."""
    participant, routine = answer.participant, answer.routine
    org = participant.organisation
    what = " ".join(answer.plan_what.split())
    title = _("Routine %(number)s: %(what)s") % {"number": routine.number, "what": what or routine.text}
    if len(title) > 200:
        title = title[:199].rstrip() + "…"
    person = None
    if answer.plan_who.strip():
        person = Person.objects.filter(organisation=org, name__iexact=answer.plan_who.strip()).first()
    if person is None and participant.contact and participant.contact.organisation_id == org.pk:
        person = participant.contact
    current = _("%(org)s answered %(value)s in “%(round)s”.") % {
        "org": org.name,
        "value": answer.get_value_display(),
        "round": participant.round.title,
    }
    if answer.comment:
        current += " " + answer.comment
    return {
        "title": title,
        "theme": ROUTINE_THEMES.get(routine.number, Theme.AUTHORITY_COOPERATION),
        "current_state": current[:2000],
        "target_state": routine.text[:2000],
        "owner_organisation": org.pk,
        "owner_person": person.pk if person else None,
        "due_date": answer.plan_when,
    }


def latest_history_id(action: RegionalAction) -> int | None:
    """What the edit form saw; a save is refused when the action has changed since."""
    return action.history.order_by("-history_id").values_list("history_id", flat=True).first()
