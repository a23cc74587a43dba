from django import template

from establishments.models import Theme

register = template.Library()


@register.filter
def theme_labels(values) -> list[str]:
    """The translated labels of a list of blueprint theme values, in the blueprint's order."""
    chosen = set(values or [])
    return [str(label) for value, label in Theme.choices if value in chosen]
