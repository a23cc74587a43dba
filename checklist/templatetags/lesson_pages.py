"""What a case's overview shows of its lessons (routine 10): the lessons written, and the prompt to
write one when the case is closed or lost. Used by templates/establishments/case_detail.html."""

from __future__ import annotations

from django import template

from accounts import policy
from checklist.lesson_selectors import case_lessons

register = template.Library()


@register.simple_tag(takes_context=True)
def lessons_of_case(context, case) -> dict:
    """``{"lessons": [...], "can_write": bool}`` for the current user; the policy decides."""
    request = context.get("request")
    if request is None or case is None:
        return {"lessons": [], "can_write": False}
    return {
        "lessons": case_lessons(user=request.user, case=case),
        "can_write": policy.can_write_lesson(request.user, case),
    }
