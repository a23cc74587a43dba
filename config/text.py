"""Small text helpers for what pages and messages say."""


def short_list(items, limit: int = 8) -> str:
    """Names as one line: the first ``limit``, then how many more ("A, B … (+3)")."""
    items = list(items)
    shown = ", ".join(items[:limit])
    return shown + (f" … (+{len(items) - limit})" if len(items) > limit else "")


def shorten(text: str, limit: int) -> str:
    """``text`` cut to at most ``limit`` characters, with "…" where it was cut."""
    return text if len(text) <= limit else text[: limit - 1].rstrip() + "…"
