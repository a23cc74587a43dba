"""What the case overview needs beyond its context: which of the case's signals the user may open."""

from django import template

from accounts import policy

register = template.Library()


@register.simple_tag(takes_context=True)
def openable_signals(context, signals) -> set[int]:
    """The ids of those of ``signals`` the user may open (one query, whatever their number).

    Signals are triage work: readers and actor contacts see a case but not, as a rule, the signals
    that led to it, so the overview links only those the signal page would show them."""
    signals = list(signals)
    if not signals:
        return set()
    request = context.get("request")
    user = getattr(request, "user", None)
    model = type(signals[0])
    qs = model._default_manager.filter(pk__in=[s.pk for s in signals])
    return set(policy.visible_signals(user, qs).values_list("pk", flat=True))
