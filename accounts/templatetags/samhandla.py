from django import template

from accounts.models import RoleName

register = template.Library()


@register.filter
def role_label(group_name: str) -> str:
    """The translated label of a role, from its group name."""
    try:
        return RoleName(group_name).label
    except ValueError:
        return group_name
