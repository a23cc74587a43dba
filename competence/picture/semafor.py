"""The traffic light (*semafor*) of an occupation in the regional competence picture, decided here
and nowhere else; the page prints ``RULE`` beside it.

Two questions, over the years shown:

- does the cases' demand exceed the secured supply (the granted and running offerings' graduates)?
- is the occupation in shortage by Arbetsförmedlingen's Yrkesbarometer (*brist* or *paradox*, in the
  region's county or, where the round has no row for it, in the country)?

Red: both. Yellow: one of the two. Green: neither; the demand is covered and there is no shortage.
An occupation the barometer does not assess counts as not in shortage.
"""

from __future__ import annotations

from django.db import models
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from ..charts import grouped


class Light(models.TextChoices):
    RED = "rod", gettext_lazy("Red")
    YELLOW = "gul", gettext_lazy("Yellow")
    GREEN = "gron", gettext_lazy("Green")


RULE = gettext_lazy(
    "Red: the cases' demand is greater than the secured supply (granted and running offerings) over "
    "the years shown, and Arbetsförmedlingen's Yrkesbarometer sees a shortage of the occupation "
    "(shortage or paradoxical shortage). Yellow: one of the two. Green: neither, the demand is "
    "covered and there is no shortage."
)


def light(*, demand: int, secured: int, shortage: bool) -> Light:
    """The light for a demand, the secured supply over the same years and the barometer's shortage."""
    uncovered = demand > secured
    if uncovered and shortage:
        return Light.RED
    if uncovered or shortage:
        return Light.YELLOW
    return Light.GREEN


def reason(*, demand: int, secured: int, shortage: bool) -> str:
    """Why an occupation has its light, in a sentence with its figures."""
    figures = {"demand": grouped(demand), "secured": grouped(secured)}
    if demand > secured:
        covered = _("The demand (%(demand)s) is greater than the secured supply (%(secured)s)") % figures
    else:
        covered = _("The secured supply (%(secured)s) covers the demand (%(demand)s)") % figures
    if shortage:
        return covered + _(", and the barometer sees a shortage.")
    return covered + _(", and the barometer sees no shortage.")
