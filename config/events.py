"""Events: what happened, said once where it happens and heard by the apps above that listen.

Apps import one way (README, "Architecture"): the signal service in ``establishments`` must not name
the API's webhooks, which live above it. So the service says ``events.emit("signal.logged",
signal=signal)`` and the webhooks register a listener from their ``AppConfig.ready()``. ``emit`` calls
every listener at once, inside the caller's transaction: what a listener writes (a webhook's
deliveries) is committed with the change it reports, or not at all. A listener must not send
anything itself; it hands the sending to the outbox.

The event types, and what each emitter passes:

============================= ================================================================
``signal.logged``             ``signal``
``case.created``              ``case``
``case.phase_changed``        ``case``, ``before`` (the phase it left)
``alarm.raised``              ``alarm``
``alarm.answered``            ``recipient`` (the organisation's answer on it)
``alarm.closed``              ``alarm``
``commitment.answered``       ``action`` (accepted or declined by its owning organisation)
``checklist.round_submitted`` ``participant`` (an organisation has submitted its answers)
``competence.light_changed``  ``region``, ``occupation``, ``previous`` (the light before, "" for none)
                              and ``row`` (the shared picture's row; None once no demand is left)
============================= ================================================================

A reader finds every emitter with ``grep -rn "events.emit"``. This module names no app.
"""

from __future__ import annotations

from collections.abc import Callable

TYPES = (
    "signal.logged",
    "case.created",
    "case.phase_changed",
    "alarm.raised",
    "alarm.answered",
    "alarm.closed",
    "commitment.answered",
    "checklist.round_submitted",
    "competence.light_changed",
)

_listeners: list[Callable[..., None]] = []


def listen(listener: Callable[..., None]) -> Callable[..., None]:
    """Register ``listener(event_type, **objects)`` (usable as a decorator); once per process."""
    if listener not in _listeners:
        _listeners.append(listener)
    return listener


def emit(event_type: str, **objects) -> None:
    if event_type not in TYPES:
        raise ValueError(f"unknown event type {event_type!r}")
    for listener in _listeners:
        listener(event_type, **objects)
