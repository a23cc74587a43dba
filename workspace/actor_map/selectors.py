"""Reads for a case's actor map (moment 3): its actors, what the map warns about, and the drawing.

The case itself comes through ``establishments.decorators.case_page`` (narrowed by the policy).
Every function here runs a fixed number of queries, whatever the number of actors.
"""

from __future__ import annotations

import math
from dataclasses import dataclass, field

from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import ngettext

from actors.models import Level
from config.text import short_list
from establishments.models import CaseMember, EstablishmentCase, Theme
from establishments.selectors import CaseReads
from establishments.slots import Check, Progress

LEVEL_ORDER = [Level.LOKAL, Level.REGIONAL, Level.NATIONELL, Level.INTERNATIONELL]
LABEL_LIMIT = 40  # more actors than this: the dots carry no tooltip, the lists give the names


def case_members(*, user, case: EstablishmentCase, reads: CaseReads | None = None) -> list[CaseMember]:
    """The case's actors, numbered in the order the map and the table use."""
    members = (reads or CaseReads(case)).members
    for number, member in enumerate(members, start=1):
        member.number = number
    return members


def actor_map_warnings(members: list[CaseMember]) -> list[dict]:
    """What the map page warns about: each as a sentence and the names concerned."""
    warnings = []
    if not members:
        warnings.append({"key": "empty", "text": _("No actors are on the map yet.")})
    if not any(m.case_role == CaseMember.CaseRole.OWNER for m in members):
        warnings.append({"key": "owner", "text": _("Nobody is marked as owning the establishment.")})
    no_mandate = [m.organisation.name for m in members if not m.mandate.strip()]
    if no_mandate:
        warnings.append(
            {
                "key": "mandate",
                "text": ngettext(
                    "%(count)d actor has no mandate in this case: %(names)s.",
                    "%(count)d actors have no mandate in this case: %(names)s.",
                    len(no_mandate),
                )
                % {"count": len(no_mandate), "names": short_list(no_mandate)},
            }
        )
    no_deputy = [
        f"{m.contact.name} ({m.organisation.name})"
        for m in members
        if m.contact_id and not m.deputy_contact_id
    ]
    if no_deputy:
        warnings.append(
            {
                "key": "deputy",
                "text": ngettext(
                    "%(count)d contact has no deputy (person dependence): %(names)s.",
                    "%(count)d contacts have no deputy (person dependence): %(names)s.",
                    len(no_deputy),
                )
                % {"count": len(no_deputy), "names": short_list(no_deputy)},
            }
        )
    covered = {t for m in members for t in (m.themes or [])}
    uncovered = [str(label) for value, label in Theme.choices if value not in covered]
    if uncovered:
        warnings.append(
            {
                "key": "themes",
                "text": ngettext(
                    "%(count)d blueprint theme has nobody responsible: %(names)s.",
                    "%(count)d blueprint themes have nobody responsible: %(names)s.",
                    len(uncovered),
                )
                % {"count": len(uncovered), "names": short_list(uncovered, limit=11)},
            }
        )
    return warnings


def actor_map_progress(*, user, case: EstablishmentCase, reads: CaseReads | None = None) -> Progress:
    """Four checks: an owner, every mandate, a deputy for every contact, every theme covered; each
    links to the first actor concerned. Without actors none is met, nor the deputies without contacts."""
    members = case_members(user=user, case=case, reads=reads)
    texts = {w["key"]: w["text"] for w in actor_map_warnings(members)}
    url = reverse("workspace:actor_map", kwargs={"case_pk": case.pk})
    actors = f"{url}#actors-h"
    if not members:
        empty = texts["empty"]
        labels = [
            _("Someone owns the establishment"),
            _("Every actor has a mandate"),
            _("Every contact person has a deputy"),
            _("Every theme has someone responsible"),
        ]
        return Progress([Check(label, False, actors, empty) for label in labels])

    def at(member) -> str:
        return f"{url}#casemember-{member.pk}" if member else actors

    no_mandate = next((m for m in members if not m.mandate.strip()), None)
    no_deputy = next((m for m in members if m.contact_id and not m.deputy_contact_id), None)
    has_contacts = any(m.contact_id for m in members)
    return Progress(
        [
            Check(_("Someone owns the establishment"), "owner" not in texts, actors, texts.get("owner", "")),
            Check(
                _("Every actor has a mandate"),
                "mandate" not in texts,
                at(no_mandate),
                texts.get("mandate", ""),
            ),
            Check(
                _("Every contact person has a deputy"),
                has_contacts and "deputy" not in texts,
                at(no_deputy),
                texts.get("deputy", "") if has_contacts else _("No contact persons are named yet."),
            ),
            Check(
                _("Every theme has someone responsible"),
                "themes" not in texts,
                f"{url}#table-h",
                texts.get("themes", ""),
            ),
        ]
    )


# The map: rings by level, and the power/interest grid -------------------------------------------

MAP_SIZE = 600
RING_RADII = [78, 148, 218, 290]
GRID_CELL = 80
GRID_MARGIN = 56


@dataclass
class Dot:
    member: CaseMember
    x: float
    y: float
    label: str = ""
    anchor: str = "start"


@dataclass
class Ring:
    level: str
    label: str
    radius: float
    label_y: float
    dots: list[Dot] = field(default_factory=list)


def _quadrant_key(member: CaseMember) -> str:
    if member.influence is None or member.interest is None:
        return ""
    high_influence, high_interest = member.influence >= 3, member.interest >= 3
    if high_influence and high_interest:
        return "key"
    if high_influence:
        return "satisfied"
    if high_interest:
        return "informed"
    return "monitor"


def _quadrant_labels() -> dict[str, str]:
    return {
        "key": str(_("Key players")),
        "satisfied": str(_("Keep satisfied")),
        "informed": str(_("Keep informed")),
        "monitor": str(_("Monitor")),
    }


def _quadrant(member: CaseMember) -> str:
    key = _quadrant_key(member)
    return _quadrant_labels()[key] if key else ""


def actor_map_drawing(members: list[CaseMember]) -> dict:
    """Coordinates for the server-rendered SVG: one numbered dot per actor on the ring of its level,
    and one per placed actor in the 5 × 5 power/interest grid. The names stand beside each chart,
    in numbered lists by level (``by_level``) and by quadrant (``by_quadrant``), never squeezed into
    the drawing where they would be cut or overlap; each dot carries its full name as a tooltip."""
    centre = MAP_SIZE / 2
    rings = []
    labels = len(members) <= LABEL_LIMIT
    for i, level in enumerate(LEVEL_ORDER):
        outer = RING_RADII[i]
        inner = rings[-1].radius if rings else 0
        ring = Ring(level, str(Level(level).label), outer, centre - outer + 14)
        on_ring = [m for m in members if m.organisation.level == level]
        mid = (inner + outer) / 2 if i else outer * 0.45
        for j, member in enumerate(on_ring):
            # each ring starts at its own angle, so labels on neighbouring rings do not line up
            angle = -math.pi / 2 + 0.45 * i + (2 * math.pi * (j + 0.5) / max(len(on_ring), 1))
            r = mid if (len(on_ring) < 12 or j % 2 == 0) else mid + (outer - inner) * 0.22
            if i == 0 and len(on_ring) == 1:
                r = 0
            x, y = centre + r * math.cos(angle), centre + r * math.sin(angle)
            label = member.organisation.name if labels else ""  # the dot's tooltip
            ring.dots.append(Dot(member, round(x, 1), round(y, 1), label, "start" if x >= centre else "end"))
        rings.append(ring)
    rings.reverse()  # the outermost circle is drawn first, so the inner ones lie on top

    cells: dict[tuple[int, int], list[CaseMember]] = {}
    for m in members:
        if m.influence is not None and m.interest is not None:
            cells.setdefault((m.interest, m.influence), []).append(m)
    grid_dots = []
    for (interest, influence), in_cell in cells.items():
        left = GRID_MARGIN + (interest - 1) * GRID_CELL
        top = GRID_MARGIN + (5 - influence) * GRID_CELL
        for k, member in enumerate(in_cell[:9]):
            grid_dots.append(Dot(member, left + 16 + (k % 3) * 24, top + 16 + (k // 3) * 24, "", "middle"))
        if len(in_cell) > 9:
            grid_dots.append(
                Dot(None, left + GRID_CELL - 6, top + GRID_CELL - 6, f"+{len(in_cell) - 9}", "end")
            )
    quadrant_names = _quadrant_labels()
    for m in members:
        m.quadrant_key = _quadrant_key(m)
        m.quadrant = quadrant_names.get(m.quadrant_key, "")
    by_level = [
        {"level": level, "label": str(Level(level).label), "members": on_level}
        for level in LEVEL_ORDER
        if (on_level := [m for m in members if m.organisation.level == level])
    ]
    by_quadrant = [
        {"key": key, "label": quadrant_names[key], "members": in_quadrant}
        for key in ("key", "satisfied", "informed", "monitor")
        if (in_quadrant := [m for m in members if m.quadrant_key == key])
    ]
    m, c = GRID_MARGIN, GRID_CELL
    end = m + 5 * c
    split_x, split_y = m + 2 * c, m + 3 * c  # interest 3–5 and influence 3–5 count as high
    quadrants = [
        {"x": m, "y": m, "w": 2 * c, "h": 3 * c, "key": "satisfied", "label": _("Keep satisfied")},
        {"x": split_x, "y": m, "w": 3 * c, "h": 3 * c, "key": "key", "label": _("Key players")},
        {"x": m, "y": split_y, "w": 2 * c, "h": 2 * c, "key": "monitor", "label": _("Monitor")},
        {"x": split_x, "y": split_y, "w": 3 * c, "h": 2 * c, "key": "informed", "label": _("Keep informed")},
    ]
    quadrant_labels = [
        {"x": m + 4, "y": m - 10, "anchor": "start", "label": quadrants[0]["label"]},
        {"x": end, "y": m - 10, "anchor": "end", "label": quadrants[1]["label"]},
        {"x": m + 4, "y": end + 40, "anchor": "start", "label": quadrants[2]["label"]},
        {"x": end, "y": end + 40, "anchor": "end", "label": quadrants[3]["label"]},
    ]
    ticks = [
        {"value": v, "x": m + (v - 0.5) * c, "y": m + (5.5 - v) * c, "line": m + v * c} for v in range(1, 6)
    ]
    return {
        "size": MAP_SIZE,
        "by_level": by_level,
        "by_quadrant": by_quadrant,
        "centre": centre,
        "rings": rings,
        "grid_dots": grid_dots,
        "grid_width": end + m // 2,
        "grid_height": end + 72,
        "grid": {"x": m, "y": m, "span": 5 * c, "end": end, "centre": m + 2.5 * c},
        "quadrants": quadrants,
        "quadrant_labels": quadrant_labels,
        "ticks": ticks,
        "tick_row_y": end + 20,
        "tick_col_x": m - 10,
        "axis_x_y": end + 62,
        "unplaced": [m for m in members if m.influence is None or m.interest is None],
        "labels": labels,
    }


def actor_map_context(*, user, case: EstablishmentCase) -> dict:
    members = case_members(user=user, case=case)
    return {
        "members": members,
        "warnings": actor_map_warnings(members),
        "drawing": actor_map_drawing(members),
        "engagements": CaseMember.Engagement.choices,
    }
