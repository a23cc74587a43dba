from django.contrib.auth.models import Group
from django.db.models import Prefetch, Q, QuerySet
from django.http import Http404

from . import policy
from .models import RoleName, User


def region_coordinators(region_ids) -> QuerySet[User]:
    """The active regional coordinators of these regions: the people told of a region's new signals,
    alarmed when nobody else answers, and asked to stand in for each other."""
    return User.objects.filter(
        is_active=True, groups__name=RoleName.COORDINATOR, region_id__in=list(region_ids)
    ).distinct()


def user_list(*, user, filters: dict | None = None) -> QuerySet[User]:
    if not policy.can_manage_users(user):
        return User.objects.none()
    filters = filters or {}
    qs = User.objects.select_related("organisation", "region", "municipality").prefetch_related(
        Prefetch("groups", queryset=Group.objects.filter(name__in=policy.ROLE_GROUPS))
    )
    if q := filters.get("q"):
        qs = qs.filter(
            Q(username__icontains=q)
            | Q(first_name__icontains=q)
            | Q(last_name__icontains=q)
            | Q(email__icontains=q)
        )
    if role := filters.get("role"):
        qs = qs.filter(groups__name=role)
    if (active := filters.get("active")) in {"0", "1"}:
        qs = qs.filter(is_active=active == "1")
    return qs.order_by("first_name", "last_name", "username")


def user_get(*, user, pk: int) -> User:
    found = user_list(user=user).filter(pk=pk).first()
    if found is None:
        raise Http404
    return found
