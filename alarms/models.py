"""Every model of the alarm chain, for Django's app registry (app label ``alarms``, tables unchanged).
Code imports a model from its own sub-package (``alarms.delivery.models``), not from here."""

from .core.models import Alarm, AlarmEvent, Recipient
from .delivery.models import Delivery
from .health.models import PipelineHeartbeat
from .inbox.models import Notification
from .raising.models import FirstResponseNote
from .rosters.models import Channel, Roster, RosterEntry

__all__ = [
    "Alarm",
    "AlarmEvent",
    "Channel",
    "Delivery",
    "FirstResponseNote",
    "Notification",
    "PipelineHeartbeat",
    "Recipient",
    "Roster",
    "RosterEntry",
]
