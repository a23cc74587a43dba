from django.contrib import admin
from django.contrib.auth.admin import UserAdmin as BaseUserAdmin
from simple_history.admin import SimpleHistoryAdmin

from .models import User


@admin.register(User)
class UserAdmin(SimpleHistoryAdmin, BaseUserAdmin):
    fieldsets = BaseUserAdmin.fieldsets + (
        ("Samhandla", {"fields": ("organisation", "region", "municipality")}),
    )
    list_display = ["username", "first_name", "last_name", "email", "region", "municipality", "is_active"]
    list_filter = ["is_active", "groups", "region"]

    def has_delete_permission(self, request, obj=None):
        return False  # deactivate instead: history keeps pointing at users
