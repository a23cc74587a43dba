"""Django's admin is a fallback for administrators: they manage users and the registry there, not
the secrets of confidential cases. Every admin page of something that belongs to a case or signal is
narrowed by the access policy (``PolicyAdmin``), its history pages included."""

from django.contrib import admin
from django.contrib.admin.utils import unquote
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from django.http import Http404
from django_otp.plugins.otp_static.models import StaticDevice
from django_otp.plugins.otp_totp.models import TOTPDevice

from config.admin import HistoryAdmin

from . import policy
from .models import AuditEvent, User


class PolicyAdmin(HistoryAdmin):
    """An admin page that shows only what the access policy lets the logged-in user see.

    ``narrow(user, queryset)`` narrows the list, the change page and the history pages alike; by
    default ``case_path`` names the relation to the case (``"case"``; ``""`` for the case itself), and
    a row without a case (an alarm raised directly) stays. simple-history's history pages fall back
    to the last historical row of an object the list does not hold (for a deleted object): here an
    object the user may not see has no history page at all.
    """

    case_path: str | None = None

    def narrow(self, user, queryset):
        if self.case_path is None:
            return queryset
        return policy.narrow_by_case(user, queryset, self.case_path)

    def get_queryset(self, request):
        return self.narrow(request.user, super().get_queryset(request))

    def _reachable(self, request, object_id) -> None:
        if not self.get_queryset(request).filter(pk=unquote(object_id)).exists():
            raise Http404

    def history_view(self, request, object_id, extra_context=None):
        self._reachable(request, object_id)
        return super().history_view(request, object_id, extra_context=extra_context)

    def history_form_view(self, request, object_id, version_id, extra_context=None):
        self._reachable(request, object_id)
        return super().history_form_view(request, object_id, version_id, extra_context=extra_context)


@admin.register(User)
class UserAdmin(HistoryAdmin, BaseUserAdmin):
    """Users are read here. Their role, place and active state change on the user pages
    (accounts:user_edit), where every grant and case role they hold is re-checked."""

    fieldsets = BaseUserAdmin.fieldsets + (
        ("Samhandla", {"fields": ("organisation", "region", "municipality")}),
    )
    readonly_fields = [
        "organisation",
        "region",
        "municipality",
        "groups",
        "user_permissions",
        "is_active",
        "is_staff",
        "is_superuser",
    ]
    list_display = ["username", "first_name", "last_name", "email", "region", "municipality", "is_active"]
    list_filter = ["is_active", "groups", "region"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history keeps pointing at users


@admin.register(AuditEvent)
class AuditEventAdmin(admin.ModelAdmin):
    """The security and privacy events, read only: a record nobody edits or removes."""

    list_display = ["at", "kind", "user", "by", "person_id", "detail"]
    list_filter = ["kind"]
    search_fields = ["user__username", "by__username"]
    date_hierarchy = "at"
    list_select_related = ["user", "by"]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False


# A second factor's secret (the TOTP key, the recovery codes) is for its owner's eyes only: the
# Django admin does not list the devices; an administrator resets them on the user's page.
for _model in (TOTPDevice, StaticDevice):
    if admin.site.is_registered(_model):
        admin.site.unregister(_model)
