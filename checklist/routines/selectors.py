"""Reads of the routines and their versions."""

from __future__ import annotations

from dataclasses import dataclass, field

from django.db.models import Count
from django.http import Http404

from .models import Routine


@dataclass
class RoutineRow:
    """One routine number: its current version and the earlier wordings, newest first."""

    current: Routine
    earlier: list[Routine] = field(default_factory=list)


def routine_rows() -> list[RoutineRow]:
    """Every routine number with its versions, and how many rounds asked each version; one query."""
    rows: dict[int, RoutineRow] = {}
    versions = Routine.objects.annotate(round_count=Count("rounds")).order_by("number", "-version")
    earlier_by_number: dict[int, list[Routine]] = {}
    for routine in versions:
        if routine.is_current:
            rows[routine.number] = RoutineRow(current=routine)
        else:
            earlier_by_number.setdefault(routine.number, []).append(routine)
    for number, earlier in earlier_by_number.items():
        if number in rows:
            rows[number].earlier = earlier
        else:  # no current version (should not happen): show the newest as the row
            rows[number] = RoutineRow(current=earlier[0], earlier=earlier[1:])
    return [rows[n] for n in sorted(rows)]


def routine_get(*, pk: int) -> Routine:
    routine = Routine.objects.filter(pk=pk).first()
    if routine is None:
        raise Http404
    return routine
