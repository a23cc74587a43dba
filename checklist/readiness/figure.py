"""The rules of seeing the routine checklist, each in one place (and said in plain words on the
pages that show them):

* **What counts** (``counted_answers``, ``is_counted``): only the answers of an organisation that
  has *submitted* its answers for the round. A draft is shown as "not submitted" and counts nowhere.
* **The readiness figure** (``Tally.figure``): Ja = 1, Delvis = ½, Nej = 0 (``rounds.models.SCORE``),
  averaged over every counted answer, shown as a percentage from 0 to 100 with one decimal. The same
  rule gives the figure of a round, of one organisation in a round, and of one routine in a round.
* **Disagreement** (``Tally.disagreement``): in one round, for one routine, the counted answers
  include both Ja and Nej.
* **Movement** (``direction``): comparing two figures, or two answers by their score; routines are
  matched across versions by their *number*.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.db.models import QuerySet
from django.utils.translation import gettext as _

from checklist.rounds.models import SCORE, RoutineAnswer, Value
from config import formats

VALUES = [Value.YES, Value.PARTLY, Value.NO]


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
    return formats.pct(figure, 1)


def rounded(figure: float | None) -> float | None:
    """A figure to one decimal, as the pages show it (and compare it)."""
    return None if figure is None else round(figure, 1)


def direction(before, after) -> str:
    """ "up", "down" or "same" between two figures (compared as shown, to one decimal) or two
    answers (by their score); "" when either is missing."""
    if isinstance(before, str) or isinstance(after, str):
        before, after = SCORE.get(before), SCORE.get(after)
    else:
        before, after = rounded(before), rounded(after)
    if before is None or after is None:
        return ""
    return "up" if after > before else "down" if after < before else "same"


ARROWS = {"up": "↑", "down": "↓", "same": "→", "": ""}


def direction_text(key: str) -> str:
    return {"up": _("up"), "down": _("down"), "same": _("unchanged"), "": ""}[key]
