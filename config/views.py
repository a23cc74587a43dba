"""The small helpers every app's views share."""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError
from django.core.paginator import Paginator
from django.forms import Form
from django.utils.functional import cached_property

PAGE_SIZE = 50
COUNT_UP_TO = 1000


class CountedPaginator(Paginator):
    """A paginator that counts only as far as the page asked for needs: up to ``up_to`` rows (and
    at least to the row after that page), never the whole of a list that grows with the region.
    Past that it knows only that there are more (``capped``): "Sida 3 av fler än 20", "fler än
    1 000 rader". The count reads at most that many keys, unordered, however long the list."""

    def __init__(self, object_list, per_page, *, asked: int = 1, up_to: int = COUNT_UP_TO):
        super().__init__(object_list, per_page)
        self.up_to = max(up_to, asked * per_page)
        self.capped = False

    @cached_property
    def count(self) -> int:
        if not hasattr(self.object_list, "order_by"):  # a list: its length is known
            return len(self.object_list)
        counted = self.object_list.order_by()[: self.up_to + 1].count()
        self.capped = counted > self.up_to
        # When capped, one row past ``up_to`` is known to exist: so is the page after the counted ones.
        return counted

    @property
    def counted_pages(self) -> int:
        """The pages known to be full when capped (what "av fler än N" names)."""
        return self.up_to // self.per_page


def _asked_page(request) -> int:
    value = request.GET.get("page", "")
    return int(value) if value.isdecimal() and 0 < len(value) < 7 else 1


def paginate(request, queryset, per_page: int | None = None):
    """One page of ``queryset``: a bounded count (``CountedPaginator``) plus the page query,
    whatever the size."""
    per_page = per_page or PAGE_SIZE
    paginator = CountedPaginator(queryset, per_page, asked=_asked_page(request), up_to=COUNT_UP_TO)
    return paginator.get_page(request.GET.get("page"))


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
