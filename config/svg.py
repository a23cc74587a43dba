"""Small helpers for the server-rendered SVG charts."""

import math


def line_path(points) -> str:
    """An SVG path through ``points`` (each with ``x`` and ``y``), broken where one is None: a
    missing value breaks the line rather than being drawn as zero."""
    parts, pen_down = [], False
    for p in points:
        if p is None:
            pen_down = False
            continue
        parts.append(f"{'L' if pen_down else 'M'}{p.x} {p.y}")
        pen_down = True
    return " ".join(parts)


def nice_step(top: float, ticks: int = 5) -> int:
    """A round step (1, 2, 2.5 or 5 times a power of ten, at least 1) that divides ``0..top`` into
    about ``ticks`` parts."""
    if top <= 0:
        return 1
    raw = top / max(ticks, 1)
    power = 10 ** max(len(str(int(raw))) - 1, 0)
    for factor in (1, 2, 2.5, 5, 10):
        step = factor * power
        if step >= raw and step == int(step):
            return int(step)
    return int(10 * power)  # pragma: no cover - the loop always returns


def scale_ticks(top: float, ticks: int = 5) -> tuple[int, list[int]]:
    """The scale for values from 0 to ``top``: its end (a multiple of the step, at least ``top``)
    and its tick values from 0 to that end, e.g. ``scale_ticks(1200)`` is
    ``(1250, [0, 250, 500, 750, 1000, 1250])``."""
    step = nice_step(top, ticks)
    end = max(step, math.ceil(top / step) * step)
    return end, list(range(0, end + 1, step))
