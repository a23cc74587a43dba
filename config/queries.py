"""Query pieces several apps use."""

from __future__ import annotations

from django.db.models import F, Func, IntegerField, QuerySet, Subquery


def count_of(qs: QuerySet) -> Subquery:
    """How many rows of ``qs`` (filtered by an ``OuterRef`` to the outer row) belong to each row of
    the outer query: a correlated ``(SELECT COUNT(*) ...)``, computed only for the rows the outer
    query returns (where a join and GROUP BY would count for the whole table first). An aggregate
    without GROUP BY is 0 for no rows, and cheaper to compose than Django's ``Count``."""
    counted = qs.order_by().values(n=Func(F("pk"), function="COUNT", output_field=IntegerField()))
    return Subquery(counted, output_field=IntegerField())
