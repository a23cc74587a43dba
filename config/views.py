"""The small helpers every app's views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form

PAGE_SIZE = 50


def paginate(request, queryset, per_page: int = PAGE_SIZE):
    """One page of ``queryset``: the count query plus the page query, whatever the size."""
    return Paginator(queryset, per_page).get_page(request.GET.get("page"))


def querystring_without_page(request) -> str:
    params = request.GET.copy()
    params.pop("page", None)
    return params.urlencode()


def filters_from(form: Form) -> dict:
    """The cleaned filters of a bound filter form; bad filter values are dropped, not fatal."""
    if form.is_valid():
        return {k: v for k, v in form.cleaned_data.items() if v not in (None, "")}
    return {k: v for k, v in form.cleaned_data.items() if k not in form.errors and v not in (None, "")}


def apply_service_errors(form: Form, exc: ValidationError) -> None:
    """Put a service's ValidationError onto the form, field by field where it can."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            form.add_error(field if field in form.fields else None, errors)
    else:
        form.add_error(None, exc)


def require(condition: bool) -> None:
    if not condition:
        raise PermissionDenied
