"""The slots the accounts app offers higher apps (``config/hooks.py``)."""

from config.hooks import Slot

USER_CHANGED = Slot(
    "accounts.user_changed",
    """Checks run in the transaction that changed a user's role, region, municipality, organisation
    or active state, after the change: ``check(user=..., by=...)``. A check revokes what the user no
    longer fits (recording it), or raises ``ValidationError`` to refuse the change.""",
)

USER_ACTIONS = Slot(
    "user.actions",
    "Sections at the end of a user's page for administrators (request, target=).",
)
