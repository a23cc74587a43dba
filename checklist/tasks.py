"""Celery's autodiscovery reads each app's ``tasks.py``: the checklist's tasks live in its
sub-domains and are imported here, so that a worker knows them. Each is named after this module
(``name=`` where it is defined), so a name finds its task in any process:

* ``checklist.tasks.send_checklist_reminders`` (Celery beat) and
  ``checklist.tasks.send_round_invitations``: ``rounds/tasks.py``;
* ``checklist.tasks.notify_drill_participants``: ``drills/tasks.py``.
"""

from .drills import tasks as drill_tasks  # noqa: F401
from .rounds import tasks as round_tasks  # noqa: F401
