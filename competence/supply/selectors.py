"""Reads of the education supply. The register is open to every role (``policy.can_view_offerings``);
what a user may change is the policy's too (``policy.can_edit_offering``)."""

from __future__ import annotations

from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from accounts import policy

from ..models import Occupation
from .models import Offering


def offering_list(*, user, filters: dict | None = None) -> QuerySet[Offering]:
    """The offerings the user may read, filtered: ``q`` (its name or its provider's), ``region``,
    ``municipality``, ``form``, ``status``, ``occupation`` (an SSYK unit group). Two queries a page
    (the offerings, their occupations)."""
    if not policy.can_view_offerings(user):
        return Offering.objects.none()
    filters = filters or {}
    qs = Offering.objects.select_related("provider", "municipality__region").prefetch_related(
        Prefetch("occupations", queryset=Occupation.objects.order_by("code"))
    )
    if q := filters.get("q"):
        qs = qs.filter(Q(name__icontains=q) | Q(provider__name__icontains=q))
    if region := filters.get("region"):
        qs = qs.filter(municipality__region=region)
    if municipality := filters.get("municipality"):
        qs = qs.filter(municipality=municipality)
    if form := filters.get("form"):
        qs = qs.filter(form=form)
    if status := filters.get("status"):
        qs = qs.filter(status=status)
    if occupation := filters.get("occupation"):
        qs = qs.filter(occupations=occupation)
    return qs.order_by("municipality__region__name", "municipality__name", "name", "pk")


def offering_get(*, user, pk) -> Offering:
    if not str(pk).isdecimal():
        raise Http404
    offering = offering_list(user=user).filter(pk=pk).first()
    if offering is None:
        raise Http404
    return offering
