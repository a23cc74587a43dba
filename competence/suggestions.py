"""The occupations (SSYK 2012, level 4) as a source of the project's search-as-you-type field
(``actors.widgets``, ``actors.suggestions.Source``): how typed text finds them and what the field
says. The gap form's occupation field resolves typed text with it; ``views.occupation_search``
offers its suggestions as one types.
"""

from __future__ import annotations

import re

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from actors.suggestions import Source

from .models import Occupation

CODE = re.compile(r"^(\d{4})(?:\s|$)")  # a four-digit code, alone or before the name


def occupations(*, user=None) -> QuerySet[Occupation]:
    """The occupations a gap is recorded at: SSYK 2012's unit groups (four digits). Reference data,
    the same for everyone."""
    return Occupation.objects.filter(level=4).order_by("code")


def search_occupations(rows: QuerySet, text: str, limit: int, user=None) -> list[Occupation]:
    """Best matches first, at most ``limit``: a four-digit code (alone or before the name, as the
    field writes a chosen occupation) is that occupation; fewer digits, the codes they begin;
    otherwise the names (Swedish or English) that contain the text, by code, or only the one whose
    name it is. No text: the first occupations by code."""
    if not text:
        return list(rows[:limit])
    if m := CODE.match(text):
        return list(rows.filter(code=m[1]))
    if text.isdigit():
        return list(rows.filter(code__startswith=text)[:limit])
    found = list(rows.filter(Q(name_sv__icontains=text) | Q(name_en__icontains=text))[:limit])
    folded = text.casefold()
    same = [o for o in found if folded in (o.name_sv.casefold(), o.name_en.casefold())]
    return same if len(same) == 1 else found


OCCUPATIONS = Source(
    name="occupation",
    rows=occupations,
    search=search_occupations,
    label=str,  # "7411 Installations- och serviceelektriker", in the language of the page
    hint=lambda o: "",
    code=lambda o: o.code,
    typing_hint=_("Type part of the name or the four-digit SSYK code, then choose from the suggestions."),
    none_message=_("No occupation matches “%(text)s”. Type part of the name or the four-digit SSYK code."),
    several_message=_(
        "Several occupations match “%(text)s” (among them %(examples)s). Type more of the name or "
        "the four-digit SSYK code, or choose one from the suggestions."
    ),
)
