"""Invented but well-formed contact details for the demo's organisations and people.

Organisation numbers are invented but valid (Luhn check digit): 212099-xxxx for public bodies and
5599xx-xxxx for everyone else, a series ahead of the one Bolagsverket is handing out. Phone
numbers lie in PTS's ranges reserved for fiction; e-mail addresses are under example.se.
"""

from __future__ import annotations

from stdnum import luhn
from stdnum.se import orgnr as se_orgnr


def fictional_phone(i: int) -> str:
    """The i-th number in PTS's ranges reserved for fiction (mobile first), wrapping round."""
    ranges = [("070-17406", 5, 99), ("08-465004", 0, 99), ("031-39006", 0, 99), ("040-62804", 0, 99)]
    sizes = [hi - lo + 1 for _, lo, hi in ranges]
    i %= sum(sizes)
    for (prefix, lo, _hi), size in zip(ranges, sizes, strict=True):
        if i < size:
            return f"{prefix}{lo + i:02d}"
        i -= size
    raise AssertionError("unreachable")


def make_orgnr(stem: str) -> str:
    """A valid organisation number from nine digits: the tenth is the Luhn check digit."""
    return se_orgnr.format(stem + luhn.calc_check_digit(stem))


def ascii_slug(text: str) -> str:
    table = str.maketrans({"å": "a", "ä": "a", "ö": "o", "é": "e", "ü": "u", " ": ".", "-": "."})
    return text.lower().translate(table)


def email_for(name: str, domain: str) -> str:
    return f"{ascii_slug(name)}@{domain}" if domain else ""
