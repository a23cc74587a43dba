from django.contrib import admin

from accounts.admin import PolicyAdmin
from config.admin import HistoryAdmin

from .models import Drill, DrillAnswer, Lesson, LessonTheme, Participant, RegionalAction, Round, Routine


@admin.register(Routine)
class RoutineAdmin(admin.ModelAdmin):
    """Read here; routines are reworded as new versions through the app (checklist:routine_list)."""

    list_display = ["number", "version", "is_current", "text_sv"]
    list_filter = ["is_current"]

    def has_change_permission(self, request, obj=None):
        return False


class ParticipantInline(admin.TabularInline):
    model = Participant
    fields = ["organisation", "contact", "submitted_at", "reminded_on"]
    readonly_fields = fields
    extra = 0
    can_delete = False


@admin.register(Round)
class RoundAdmin(HistoryAdmin):
    list_display = ["title", "region", "deadline", "opened_at", "closed_at"]
    list_select_related = ["region"]
    list_filter = ["region"]
    readonly_fields = ["opened_by", "opened_at", "closed_by", "closed_at"]
    inlines = [ParticipantInline]


@admin.register(RegionalAction)
class RegionalActionAdmin(HistoryAdmin):
    list_display = ["title", "region", "owner_organisation", "due_date", "status"]
    list_select_related = ["region", "owner_organisation"]
    list_filter = ["region", "status"]
    raw_id_fields = ["owner_organisation", "owner_person", "source_answer"]


class DrillAnswerInline(admin.TabularInline):
    model = DrillAnswer
    fields = ["user", "role", "answered_at"]
    readonly_fields = fields
    extra = 0


@admin.register(Drill)
class DrillAdmin(PolicyAdmin):
    case_path = "case"

    list_display = ["municipality", "started_by", "started_at", "closed_at"]
    list_select_related = ["municipality", "started_by"]
    readonly_fields = ["case", "started_by", "started_at"]
    inlines = [DrillAnswerInline]


class LessonThemeInline(admin.TabularInline):
    model = LessonTheme
    extra = 0


@admin.register(Lesson)
class LessonAdmin(PolicyAdmin):
    case_path = "case"

    list_display = ["case", "created_by", "created_at"]
    list_select_related = ["case", "created_by"]
    raw_id_fields = ["case"]
    inlines = [LessonThemeInline]
