"""Query pieces several apps use."""

from __future__ import annotations

from django.db.models import Count, IntegerField, QuerySet, Subquery
from django.db.models.functions import Coalesce


def count_of(qs: QuerySet, by: str) -> Coalesce:
    """How many rows of ``qs`` (filtered by an ``OuterRef`` on ``by``) belong to each row of the outer
    query, 0 for none: a correlated count, computed only for the rows the outer query returns (where a
    join and GROUP BY would count for the whole table first)."""
    counted = qs.order_by().values(by).annotate(n=Count("pk")).values("n")
    return Coalesce(Subquery(counted, output_field=IntegerField()), 0)
