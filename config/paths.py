"""URLs by name, made as fast as a string join.

A list or a tab draws dozens of rows, each with links and forms (a record's page, its history, its
edit form, its removal): Django's ``reverse`` for each of them is much of what such a page costs to
draw. ``link(name, *args)`` gives the same URL as ``reverse(name, args=args)``: the URL pattern of a
name is reversed once (per script prefix) with placeholder arguments, and every later call puts the
arguments in as ``reverse`` would (quoted alike; a word where the pattern takes a number is refused
alike).

For names with one pattern and positional arguments; ``{% link %}`` (``workspace_rows``) is the
template tag.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import quote

from django.urls import NoReverseMatch, get_script_prefix, reverse

# What Django's reverse() leaves unquoted in an argument (django.urls.resolvers).
_SAFE = "!$&'()*+,;=" + "/~:@"
_NUMBER = re.compile(r"[0-9]+")


def _placeholder(i: int) -> str:
    return f"9{i:08d}7"  # taken by int and str converters alike, and found once in a URL


def _takes(name: str, placeholders: list[str], i: int, value: str) -> bool:
    try:
        reverse(name, args=[*placeholders[:i], value, *placeholders[i + 1 :]])
    except NoReverseMatch:
        return False
    return True


@lru_cache(maxsize=512)
def _pattern(prefix: str, name: str, count: int) -> tuple[str, tuple[bool, ...]]:
    """The URL of ``name`` as a format string (one ``{i}`` per argument), and which arguments must
    be numbers (``<int:…>``); the others are words (``<str:…>``: anything but a slash)."""
    placeholders = [_placeholder(i) for i in range(count)]
    url = reverse(name, args=placeholders).replace("{", "{{").replace("}", "}}")
    numeric = []
    for i, placeholder in enumerate(placeholders):
        if url.count(placeholder) != 1:
            raise ValueError(f"{name}: argument {i} is not found once in its URL")
        url = url.replace(placeholder, f"{{{i}}}")
        number = not _takes(name, placeholders, i, "x")
        if not number and (
            not _takes(name, placeholders, i, "a b-ä") or _takes(name, placeholders, i, "a/b")
        ):
            raise ValueError(f"{name}: argument {i} is neither <int:…> nor <str:…>; use reverse()")
        numeric.append(number)
    return url, tuple(numeric)


def link(name: str, *args) -> str:
    """The URL of ``name`` with ``args``: ``reverse(name, args=args)``, without its cost per call."""
    url, numeric = _pattern(get_script_prefix(), name, len(args))
    parts = []
    for arg, number in zip(args, numeric, strict=True):
        if type(arg) is int and arg >= 0:
            parts.append(str(arg))
            continue
        text = str(arg)
        if _NUMBER.fullmatch(text):
            parts.append(text)
        elif number or not text or "/" in text:
            raise NoReverseMatch(f"Reverse for '{name}' with arguments '{args}' not found.")
        else:
            parts.append(quote(text, safe=_SAFE))
    return url.format(*parts)
