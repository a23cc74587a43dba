"""Small helpers for the server-rendered SVG charts."""


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
