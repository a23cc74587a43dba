from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .core.models import Alarm, AlarmEvent, Recipient
from .delivery.models import Delivery
from .inbox.models import Notification
from .rosters.models import Channel, Roster, RosterEntry


class RosterEntryInline(admin.TabularInline):
    model = RosterEntry
    raw_id_fields = ["organisation", "primary", "deputy"]
    extra = 0


@admin.register(Roster)
class RosterAdmin(SimpleHistoryAdmin):
    list_display = [
        "region",
        "deputy_after_minutes",
        "coordinator_after_minutes",
        "max_repeats",
        "auto_close_hours",
    ]
    inlines = [RosterEntryInline]


@admin.register(Channel)
class ChannelAdmin(SimpleHistoryAdmin):
    list_display = ["person", "kind", "target", "position", "is_enabled", "last_failure_at"]
    list_filter = ["kind", "is_enabled"]
    raw_id_fields = ["person"]
    search_fields = ["person__name", "target"]


class RecipientInline(admin.TabularInline):
    model = Recipient
    fields = ["organisation", "response", "responded_at", "step", "round", "next_step_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Alarm)
class AlarmAdmin(SimpleHistoryAdmin):
    """Read-mostly: alarms are raised, answered and closed through the app, where the rules are."""

    list_display = ["__str__", "region", "state", "raised_by", "raised_at", "closed_at"]
    list_filter = ["kind", "state", "region"]
    readonly_fields = [f.name for f in Alarm._meta.fields]
    inlines = [RecipientInline]

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = ["pk", "alarm", "kind", "target", "step", "round", "state", "attempts", "sent_at", "error"]
    list_filter = ["state", "kind"]
    readonly_fields = [f.name for f in Delivery._meta.fields]

    def has_add_permission(self, request):
        return False


@admin.register(AlarmEvent)
class AlarmEventAdmin(admin.ModelAdmin):
    list_display = ["alarm", "at", "kind", "recipient", "text"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in AlarmEvent._meta.fields]


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    raw_id_fields = ["user", "alarm", "delivery"]
