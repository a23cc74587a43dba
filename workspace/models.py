"""Every model of the case workspace, for Django's app registry: the core's base, then each moment's
records. Code imports a model from its own module (``workspace.plan.models``), not from here."""

from .goals.models import Expectation, Milestone, ResourceCommitment
from .journal.models import FollowUp, JournalEntry
from .plan.models import Action, CalendarFeed
from .routes.models import ContactRoute, RouteStep

__all__ = [
    "Action",
    "CalendarFeed",
    "ContactRoute",
    "Expectation",
    "FollowUp",
    "JournalEntry",
    "Milestone",
    "ResourceCommitment",
    "RouteStep",
]
