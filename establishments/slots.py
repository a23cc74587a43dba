"""The places on a case's and a signal's pages that higher apps fill (see config/hooks.py).

The case page is the shell of the case workspace: its header, its tabs and its overview. The moments
of the guide register themselves as tabs (``CASE_TABS``); the alarm chain adds its button
(``CASE_ACTIONS``, ``SIGNAL_ACTIONS``); the routine checklist marks a drill case (``CASE_BANNERS``)
and asks for the lessons of a closed case (``CASE_OVERVIEW``, ``CASE_CLOSED``).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field

from django.urls import reverse

from config.hooks import Slot


@dataclass(frozen=True)
class Check:
    """One check of a moment: ``label`` states what should hold ("Every action has an owner"),
    ``met`` whether it does, ``url`` (the tab and an anchor) where it is put right, and ``detail``
    why it is not met ("2 actions without an owner", "No actions yet"). A check that is about items
    of some kind is not met while there are none: an empty plan earns no credit."""

    label: str
    met: bool
    url: str
    detail: str = ""


@dataclass
class Progress:
    """How far a moment has come: its checks, of which ``done`` of ``total`` are met."""

    checks: list[Check] = field(default_factory=list)

    @property
    def done(self) -> int:
        return sum(1 for c in self.checks if c.met)

    @property
    def total(self) -> int:
        return len(self.checks)

    @property
    def unmet(self) -> list[Check]:
        return [c for c in self.checks if not c.met]

    @property
    def missing(self) -> list[str]:
        """What is missing, one sentence a check not met (its detail, else its label), no repeats."""
        texts: list[str] = []
        for c in self.unmet:
            text = str(c.detail or c.label)
            if text not in texts:
                texts.append(text)
        return texts

    @property
    def percent(self) -> int:
        return round(100 * self.done / self.total) if self.total else 0

    @property
    def complete(self) -> bool:
        return self.total > 0 and self.done == self.total


@dataclass(frozen=True)
class CaseTab:
    """A tab of the case workspace. ``number`` is the guide's moment (1–5), None for other tabs;
    ``progress(user=, case=, reads=None)`` says how far the moment has come (shown on the overview;
    ``reads``: ``selectors.CaseReads``, what the page's moments share). ``facts(user, case)``: the
    figures its checks count, as expressions on the case's row (``OuterRef("pk")`` is the case), so
    the overview reads every moment's figures in one query (``selectors.case_facts``)."""

    key: str
    label: str
    url_name: str  # takes ``case_pk``
    number: int | None = None
    progress: Callable[..., Progress] | None = None
    facts: Callable[..., dict] | None = None  # (user, case) -> expressions on the case's row

    def url(self, case) -> str:
        return reverse(self.url_name, kwargs={"case_pk": case.pk})


CASE_TABS = Slot("case.tabs", "Tabs of a case's workspace after its overview: CaseTab values, in order.")
CASE_BANNERS = Slot("case.banners", "Sections above a case's header (request, case=).")
CASE_ACTIONS = Slot("case.actions", "Buttons in a case's header, after Edit (request, case=).")
CASE_OVERVIEW = Slot("case.overview", "Sections at the top of a case's overview (request, case=).")
CASE_CLOSED = Slot(
    "case.closed",
    "Where to take the user after a case's phase changed: functions (user, case) -> URL or None; "
    "the first URL wins.",
)
SIGNAL_ACTIONS = Slot("signal.actions", "Buttons in a signal's header (request, signal=).")


def case_tabs(case) -> list[dict]:
    """The workspace tabs, numbered as the guide numbers them."""
    return [
        {"key": tab.key, "label": tab.label, "number": tab.number, "url": tab.url(case)}
        for tab in CASE_TABS.values()
    ]


def case_moments(*, user, case, reads=None) -> list[dict]:
    """Each of the guide's moments with its progress, for the case overview. ``reads``: what the
    moments' checks share of the case, read once for the page (``selectors.CaseReads``)."""
    return [
        {
            "number": tab.number,
            "label": tab.label,
            "url": tab.url(case),
            "progress": tab.progress(user=user, case=case, reads=reads),
        }
        for tab in CASE_TABS.values()
        if tab.progress is not None
    ]
