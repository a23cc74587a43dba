"""The case workspace: the guide's five moments (seed 000) and the journal, as tabs of a case.

Each moment lives in the app that owns its records and offers two things: a page (a URL name that
takes ``case_pk``) and a progress function ``(*, user, case) -> Progress``. A tab is shown only when
its page exists, so the workspace never shows an empty tab.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from importlib import import_module

from django.urls import NoReverseMatch, reverse
from django.utils.translation import gettext_lazy as _


@dataclass
class Progress:
    """How far a moment has come: ``done`` of ``total`` checks, and what is still missing."""

    done: int
    total: int
    missing: list[str] = field(default_factory=list)

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass(frozen=True)
class Moment:
    key: str
    label: str
    url_name: str
    progress_path: str | None  # "module:function"; None for tabs that are not one of the five moments

    def url(self, case) -> str | None:
        try:
            return reverse(self.url_name, kwargs={"case_pk": case.pk})
        except NoReverseMatch:
            return None

    def progress(self, *, user, case) -> Progress | None:
        if not self.progress_path:
            return None
        module, name = self.progress_path.split(":")
        return getattr(import_module(module), name)(user=user, case=case)


MOMENTS = [
    Moment(
        "goals",
        _("Shared goal and anchoring"),
        "establishments:goals",
        "establishments.selectors:goals_progress",
    ),
    Moment(
        "competence",
        _("Competence mapping"),
        "competence:case_competence",
        "competence.selectors:competence_progress",
    ),
    Moment("actor_map", _("Actor map"), "actors:actor_map", "actors.selectors:actor_map_progress"),
    Moment(
        "contact_routes",
        _("Contact routes"),
        "actors:contact_routes",
        "actors.selectors:contact_routes_progress",
    ),
    Moment(
        "action_plan",
        _("Action plan"),
        "establishments:action_plan",
        "establishments.selectors:action_plan_progress",
    ),
]
JOURNAL = Moment("journal", _("Journal"), "establishments:journal", None)


def tabs(case) -> list[dict]:
    """The workspace tabs that exist, in the guide's order, numbered as the guide numbers them."""
    result = []
    for number, moment in enumerate(MOMENTS, start=1):
        if url := moment.url(case):
            result.append({"key": moment.key, "label": moment.label, "number": number, "url": url})
    if url := JOURNAL.url(case):
        result.append({"key": JOURNAL.key, "label": JOURNAL.label, "number": None, "url": url})
    return result


def overview(*, user, case) -> list[dict]:
    """Each existing moment with its progress, for the case overview."""
    rows = []
    for number, moment in enumerate(MOMENTS, start=1):
        if url := moment.url(case):
            rows.append(
                {
                    "number": number,
                    "label": moment.label,
                    "url": url,
                    "progress": moment.progress(user=user, case=case),
                }
            )
    return rows
