from django.contrib import admin

from .models import QueuedTask


@admin.register(QueuedTask)
class QueuedTaskAdmin(admin.ModelAdmin):
    """What waits for the broker: read only (the flusher hands it over by itself)."""

    list_display = ["task", "args", "created_at", "attempts", "last_error"]
    readonly_fields = [f.name for f in QueuedTask._meta.fields]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False
