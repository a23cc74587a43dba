"""Signed links: the one way Samhandla issues a link that works without logging in.

A link carries a small signed payload (``django.core.signing``, with a salt per purpose) and is read
back by ``read``: a forged or altered token, an expired one, or one whose record is gone or no
longer the addressee's is refused with a ``LinkError`` that says why, in words for the person who
clicked it, and with the HTTP status its page answers with. Used by the alarm chain's answer links
and the checklist's personal answer links; a new kind of link belongs here too.

The page that reads a token answers with ``link_response``: the token is the key, so it must not
travel on to other sites in a Referer header, nor be indexed.
"""

from __future__ import annotations

from datetime import timedelta

from django.core import signing
from django.http import HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

# Why a link is refused, and the status of the page that says so.
INVALID, EXPIRED, CLOSED = "invalid", "expired", "closed"
STATUS = {INVALID: 400, EXPIRED: 410, CLOSED: 410}


class LinkError(Exception):
    """Why a link is refused: ``kind`` is INVALID (forged, altered, or no longer the addressee's),
    EXPIRED or CLOSED (what it answers is over); ``record`` is what the link named, when known."""

    def __init__(self, message: str, kind: str = INVALID, record=None):
        super().__init__(message)
        self.message = message
        self.kind = kind
        self.record = record

    @property
    def status(self) -> int:
        return STATUS[self.kind]


def issue(payload: dict, *, salt: str) -> str:
    """A token carrying ``payload``, signed for one purpose (``salt``)."""
    return signing.dumps(payload, salt=salt, compress=True)


def read(token: str, *, salt: str, max_age: timedelta | None = None, expired_message: str = "") -> dict:
    """The payload of a token issued for ``salt``; LinkError if it is forged, altered or older than
    ``max_age`` (links that expire with what they answer pass no ``max_age`` and check that
    themselves)."""
    try:
        data = signing.loads(token, salt=salt, max_age=max_age)
    except signing.SignatureExpired as exc:
        raise LinkError(
            expired_message or _("The link has expired. Log in to Samhandla or call the coordinator."),
            kind=EXPIRED,
        ) from exc
    except signing.BadSignature as exc:
        raise LinkError(
            _("The link is not valid: it was not issued by Samhandla, or it has been altered.")
        ) from exc
    if not isinstance(data, dict):
        raise LinkError(_("The link is not valid: it was not issued by Samhandla, or it has been altered."))
    return data


def link_response(request, template: str, context: dict, status: int = 200) -> HttpResponse:
    """A page reached by a signed link. ("no-referrer" would make browsers post its form with
    "Origin: null", which Django's CSRF check refuses; "same-origin" keeps the token home.)"""
    response = render(request, template, context, status=status)
    response["Referrer-Policy"] = "same-origin"
    response["X-Robots-Tag"] = "noindex"
    return response
