"""How a signal's size reads in a list: "1 500 jobs · 2 000 MSEK · 80 MW" (only what is known)."""

from django import template
from django.utils.formats import number_format
from django.utils.translation import gettext as _

register = template.Library()


def _number(value) -> str:
    """Grouped as the language groups thousands (Swedish: a non-breaking space), no needless decimals."""
    if value is None:
        return ""
    decimals = 0 if value == int(value) else 1
    return number_format(value, decimal_pos=decimals, use_l10n=True, force_grouping=True)


@register.filter
def signal_size(signal) -> list[str]:
    """The known figures of a signal, each as a short phrase."""
    parts = []
    if signal.jobs is not None:
        parts.append(_("%(jobs)s jobs") % {"jobs": _number(signal.jobs)})
    if signal.investment_msek is not None:
        parts.append(_("%(msek)s MSEK") % {"msek": _number(signal.investment_msek)})
    if signal.power_mw is not None:
        parts.append(_("%(mw)s MW") % {"mw": _number(signal.power_mw)})
    return parts
