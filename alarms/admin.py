from django.contrib import admin
from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.admin import PolicyAdmin
from config.admin import HistoryAdmin
from establishments import disclosure
from establishments.models import Signal

from .core.models import Alarm, AlarmEvent, Recipient
from .delivery.models import Delivery
from .inbox.models import Notification
from .rosters.models import Channel, Roster, RosterEntry, masked_target


class RosterEntryInline(admin.TabularInline):
    model = RosterEntry
    raw_id_fields = ["organisation", "primary", "deputy"]
    extra = 0


@admin.register(Roster)
class RosterAdmin(HistoryAdmin):
    list_display = [
        "region",
        "deputy_after_minutes",
        "coordinator_after_minutes",
        "max_repeats",
        "auto_close_hours",
    ]
    inlines = [RosterEntryInline]


@admin.register(Channel)
class ChannelAdmin(HistoryAdmin):
    """A webhook URL works like a password: it is shown masked here as everywhere; channels are
    changed on the channel pages, where whose they are is checked (policy.can_edit_channels)."""

    list_display = ["person", "kind", "display_target", "position", "is_enabled", "last_failure_at"]
    list_filter = ["kind", "is_enabled"]
    search_fields = ["person__name"]
    fields = ["person", "kind", "display_target", "position", "is_enabled", "last_failure_at", "last_failure"]
    readonly_fields = fields

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


class RecipientInline(admin.TabularInline):
    model = Recipient
    fields = ["organisation", "response", "responded_at", "step", "round", "next_step_at"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Alarm)
class AlarmAdmin(PolicyAdmin):
    """Read-mostly: alarms are raised, answered and closed through the app, where the rules are.
    An alarm about a case or signal the user may not see is not here; the case and signal are named
    as the disclosure rule names them in a file (a confidential case by its code name)."""

    list_display = ["__str__", "region", "state", "raised_by", "raised_at", "closed_at"]
    list_filter = ["kind", "state", "region"]
    exclude = ["case", "signal"]
    readonly_fields = [f.name for f in Alarm._meta.fields if f.name not in ("case", "signal")] + [
        "case_named",
        "signal_named",
    ]
    inlines = [RecipientInline]
    case_path = "case"

    def narrow(self, user, queryset):
        visible = policy.visible_signals(user, Signal.objects.all())
        return super().narrow(user, queryset).filter(Q(signal__isnull=True) | Q(signal__in=visible))

    @admin.display(description=_("case"))
    def case_named(self, alarm):
        return disclosure.case_name(alarm.case, disclosure.Audience.FILE) if alarm.case_id else "–"

    @admin.display(description=_("signal"))
    def signal_named(self, alarm):
        if not alarm.signal_id:
            return "–"
        if disclosure.shows_signal(alarm.signal, disclosure.Audience.MESSAGE):
            return str(alarm.signal)
        return _("(confidential)")

    def has_add_permission(self, request):
        return False


@admin.register(Delivery)
class DeliveryAdmin(admin.ModelAdmin):
    list_display = [
        "pk",
        "alarm",
        "kind",
        "masked_target",
        "step",
        "round",
        "state",
        "attempts",
        "sent_at",
        "error",
    ]
    list_filter = ["state", "kind"]
    exclude = ["target"]
    readonly_fields = [f.name for f in Delivery._meta.fields if f.name != "target"] + ["masked_target"]

    @admin.display(description=_("address"))
    def masked_target(self, delivery):
        return masked_target(delivery.kind, delivery.target)

    def has_add_permission(self, request):
        return False

    def get_queryset(self, request):
        return policy.narrow_by_case(request.user, super().get_queryset(request), "alarm__case")


@admin.register(AlarmEvent)
class AlarmEventAdmin(admin.ModelAdmin):
    list_display = ["alarm", "at", "kind", "recipient", "text"]
    list_filter = ["kind"]
    readonly_fields = [f.name for f in AlarmEvent._meta.fields]

    def get_queryset(self, request):
        return policy.narrow_by_case(request.user, super().get_queryset(request), "alarm__case")


@admin.register(Notification)
class NotificationAdmin(admin.ModelAdmin):
    list_display = ["user", "title", "created_at", "read_at"]
    raw_id_fields = ["user", "alarm", "delivery"]

    def get_queryset(self, request):
        return policy.narrow_by_case(request.user, super().get_queryset(request), "alarm__case")
