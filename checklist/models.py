"""The routine checklist's models, for Django: each is defined in its sub-domain's models.py
(routines, rounds, readiness, drills, lessons) and belongs to this one app, ``checklist`` (its
tables and migrations are the app's). Code of the app imports a model from its sub-domain."""

from .drills.models import Drill, DrillAnswer
from .lessons.models import Lesson, LessonTheme
from .readiness.models import RegionalAction
from .rounds.models import Participant, Round, RoutineAnswer, Value
from .routines.models import Routine

__all__ = [
    "Drill",
    "DrillAnswer",
    "Lesson",
    "LessonTheme",
    "Participant",
    "RegionalAction",
    "Round",
    "Routine",
    "RoutineAnswer",
    "Value",
]
