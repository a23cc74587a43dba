"""A region's rounds and the trend over them: the figure per round and per routine (matched across
versions by number), disagreement per round and routine, and each organisation's movement between
the two latest rounds with answers. A fixed number of queries, whatever the number of rounds or
organisations."""

from __future__ import annotations

from collections import defaultdict
from dataclasses import dataclass

from django.db.models import Count, Q, QuerySet

from actors.models import Region
from checklist.rounds.models import Round, Value
from checklist.routines.models import Routine

from .figure import ARROWS, Tally, counted_answers, direction, direction_text, percent


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


def round_tallies(rounds) -> dict[int, Tally]:
    """The counted answers of these rounds (ids, or a query of them) by value: one query."""
    tallies: dict[int, Tally] = defaultdict(Tally)
    for row in (
        counted_answers()
        .filter(participant__round__in=rounds)
        .values("participant__round_id", "value")
        .annotate(n=Count("pk"))
        .order_by()
    ):
        tallies[row["participant__round_id"]].add(row["value"], row["n"])
    return tallies


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
    tallies = round_tallies(subquery)
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
