from django import template

from accounts import policy
from accounts.models import RoleName
from config import formats

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    """The translated label of a role, from its group name."""
    try:
        return RoleName(group_name).label
    except ValueError:
        return group_name


@register.filter
def contact_visible(person, user) -> bool:
    """``{% if person|contact_visible:request.user %}``: whether the page may show the person's
    e-mail and phone (``accounts.policy.can_see_contact_details``)."""
    return policy.can_see_contact_details(user, person)


@register.filter
def model_name(obj) -> str:
    return obj._meta.model_name


@register.filter
def item_dom_id(obj) -> str:
    """A stable element id for an item on a page, e.g. "expectation-12"."""
    return f"{obj._meta.model_name}-{obj.pk}"


@register.simple_tag(takes_context=True)
def slot(context, name: str, **arguments):
    """What higher apps put in the named place of this page (see config/hooks.py)."""
    from config.hooks import slot as named_slot

    return named_slot(name).render(context.get("request"), **arguments)


# Dates and numbers, one way everywhere (docs/SPRAKGUIDE.md; the helpers are in config/formats).


@register.filter(expects_localtime=False)
def day(value) -> str:
    """``{{ signal.received_at|day }}``: "3 dec." this year, "3 dec. 2025" another year."""
    return formats.day(value)


@register.filter(expects_localtime=False)
def daytime(value) -> str:
    """``{{ alarm.raised_at|daytime }}``: "3 dec. 17:42"."""
    return formats.daytime(value)


@register.filter(expects_localtime=False)
def longdate(value) -> str:
    """``{{ case.target_jobs_by|longdate }}``: "3 december 2026"."""
    return formats.longdate(value)


@register.filter(expects_localtime=False)
def longdatetime(value) -> str:
    """``{{ alarm.raised_at|longdatetime }}``: "3 december 2026 17:42"."""
    return formats.longdatetime(value)


@register.filter(expects_localtime=False)
def isodate(value) -> str:
    """``<time datetime="{{ d|isodate }}">``, and exports: "2026-12-03"."""
    return formats.isodate(value)


@register.filter(is_safe=True)
def num(value, decimals=None) -> str:
    """``{{ case.target_jobs|num }}``: "1 867"; ``{{ mw|num:1 }}``: "12,5"; nothing: "–"."""
    return formats.num(value, None if decimals in (None, "") else int(decimals))


@register.filter(is_safe=True)
def pct(value, decimals=None) -> str:
    """``{{ figure|pct:1 }}``: "62,5 %" (a non-breaking space before the sign)."""
    return formats.pct(value, None if decimals in (None, "") else int(decimals))
