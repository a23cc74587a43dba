"""The disclosure rule: what may leave Samhandla about a case or a signal, decided once.

Everything that leaves the system says about a case only what this module allows: every e-mail,
every alarm message (e-mail, SMS, webhook, the in-app inbox), the calendar feed, and every file
(CSV, XLSX, the PDF and page of "En väg in"). Who may *see* what inside the system is the access
policy's question (``accounts.policy``); this is the question of what a text may carry once it is
out of our hands, where it can be forwarded, synced or printed.

Five audiences, five rules (the README shows them as a table):

``MESSAGE``  a message to named people who may see the case (notices, reminders, the calendar
             feed). An open or restricted case by its name; a confidential case by its code name,
             with no company and no content. An internal item's content is never in a message.
``ROSTER``   an alarm, which reaches every organisation on a region's roster through gateways we
             do not control (SMS, webhooks). Only an open case is named; a restricted or
             confidential case is not named at all, not even by code name.
``FILE``     a file a user downloads for their own work (the case list, the action plan). Holds what
             that user may read; a confidential case by its code name, without its company or
             sector, which would name it.
``COMPANY``  what the establishing company is given (En väg in, the company's action plan). Only
             items shared with the company; a confidential case by its code name, without company.
``SYSTEM``   an event sent to another system by a webhook a region's coordinator or an administrator
             subscribed (the API's outbound webhooks). An open or restricted case by its name; a
             confidential case by its code name, without company or sector, and nothing of its
             content; a confidential signal without sender, subject or content.

A signal has no code name: a confidential signal is announced without sender or content.
"""

from __future__ import annotations

from enum import Enum

from accounts.models import Confidentiality, Sharing


class Audience(Enum):
    MESSAGE = "message"
    ROSTER = "roster"
    FILE = "file"
    COMPANY = "company"
    SYSTEM = "system"


def case_name(case, audience: Audience) -> str:
    """How the case is named to this audience; "" where it may not be named at all."""
    if audience is Audience.ROSTER:
        return case.name if case.confidentiality == Confidentiality.OPEN else ""
    return case.public_name


def company_name(case, audience: Audience) -> str:
    """The establishing company's name, where the case may say who it is about."""
    if case.is_confidential or not case.company_id:
        return ""
    if audience is Audience.ROSTER and case.confidentiality != Confidentiality.OPEN:
        return ""
    return case.company.name


def sector(case, audience: Audience) -> str:
    """The case's sector, where the company may be named (with a secret company it could name it)."""
    if case.is_confidential or (audience is Audience.ROSTER and case.confidentiality != Confidentiality.OPEN):
        return ""
    return case.sector


def shows_content(case, audience: Audience, sharing: str | None = None) -> bool:
    """Whether a text for this audience may carry the content of the case's records (an action's
    title and owner, a route's people); ``sharing`` is the record's own sharing level."""
    if audience is Audience.ROSTER:
        return False
    if audience is Audience.COMPANY:
        return sharing in (None, Sharing.COMPANY)
    if audience in (Audience.MESSAGE, Audience.SYSTEM):
        return not case.is_confidential and sharing != Sharing.INTERNAL
    return True  # a file holds what its reader may read, narrowed by the policy before


def shown_to_system(queryset, path: str = "case"):
    """``shows_content`` for ``Audience.SYSTEM`` as a filter of a queryset of a case's records
    (reached through ``path``): none of a confidential case, none shared internally. What another
    system is told in figures (the competence picture's lights) is summed from these alone."""
    return queryset.exclude(**{f"{path}__confidentiality": Confidentiality.CONFIDENTIAL}).exclude(
        sharing=Sharing.INTERNAL
    )


def shows_signal(signal, audience: Audience) -> bool:
    """Whether a text may say who a signal comes from and what is known."""
    return signal.confidentiality != Confidentiality.CONFIDENTIAL and audience is not Audience.ROSTER


def signal_subject(signal, audience: Audience) -> str:
    """How a signal is named to this audience: by its subject (what, how big, where), never by its
    sender's free text or its contact person; "" where the signal may not be described at all."""
    return signal.subject if shows_signal(signal, audience) else ""
