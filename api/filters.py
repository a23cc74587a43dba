"""The API's filters and keys: what a client may send to narrow a list or name a row, checked before
it reaches the database."""

from __future__ import annotations

from datetime import UTC

import django_filters
from django import forms
from django.http import Http404
from rest_framework.filters import OrderingFilter

from .pagination import MAX_KEY


def key(value) -> int:
    """A row's key from the URL: a whole number within the keys' range, else 404 (never a query with a
    number the database cannot hold)."""
    text = str(value)
    if not text.isdecimal() or not 0 < int(text) <= MAX_KEY:
        raise Http404
    return int(text)


class KeyFilter(django_filters.NumberFilter):
    """A filter by a row's key: a whole number within the keys' range (a larger one is refused with a
    message, not sent to the database)."""

    field_class = forms.IntegerField

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("min_value", 1)
        kwargs.setdefault("max_value", MAX_KEY)
        super().__init__(*args, **kwargs)


class SinceFilter(django_filters.IsoDateTimeFilter):
    """A time from which on (ISO 8601), turned to UTC before it reaches the database: PostgreSQL refuses
    an offset beyond ±15:59 (``+19:11``) that ISO 8601 and Python accept."""

    def filter(self, qs, value):
        return super().filter(qs, value.astimezone(UTC) if value is not None else value)


class Ordering(OrderingFilter):
    """``?ordering=`` by the fields a view names in ``ordering_fields`` (its key alone where it names
    none), never by every field of its serializer: a field the policy hides must not sort the rows.
    Each is a field that is never empty (cursor pagination cannot page past empty values)."""

    def get_valid_fields(self, queryset, view, context=None):
        return [(name, name) for name in getattr(view, "ordering_fields", None) or ["id"]]

    def get_schema_operation_parameters(self, view):
        fields = getattr(view, "ordering_fields", None) or ["id"]
        return [
            {
                "name": self.ordering_param,
                "required": False,
                "in": "query",
                "description": "Order by this field; a leading '-' orders from the largest. Default: -id.",
                "schema": {"type": "string", "enum": [p + f for f in fields for p in ("", "-")]},
            }
        ]
