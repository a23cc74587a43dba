from django import template

from accounts import policy
from accounts.models import RoleName

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
