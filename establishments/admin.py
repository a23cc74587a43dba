"""Django's admin is a fallback for administrators. Confidential cases stay out of it: the admin
lists only what the access policy lets the logged-in user see, history pages included
(``accounts.admin.PolicyAdmin``)."""

from django.contrib import admin

from accounts import policy
from accounts.admin import PolicyAdmin

from .models import CaseViewLog, EstablishmentCase, PhaseChange, Signal


@admin.register(Signal)
class SignalAdmin(PolicyAdmin):
    # Named by its subject; the contact person (personal data) stays on the change page.
    list_display = [
        "subject",
        "received_at",
        "source_organisation",
        "municipality",
        "state",
        "confidentiality",
    ]
    list_filter = ["state", "channel", "confidentiality"]
    list_select_related = ["source_organisation", "municipality"]

    def narrow(self, user, queryset):
        return policy.visible_signals(user, queryset)


@admin.register(EstablishmentCase)
class EstablishmentCaseAdmin(PolicyAdmin):
    list_display = ["__str__", "phase", "lead_municipality", "confidentiality", "coordinator", "deputy"]
    list_filter = ["phase", "confidentiality", "region"]
    list_select_related = ["lead_municipality", "coordinator", "deputy"]
    case_path = ""


@admin.register(PhaseChange)
class PhaseChangeAdmin(admin.ModelAdmin):
    list_display = ["case", "from_phase", "to_phase", "changed_at", "changed_by"]

    def get_queryset(self, request):
        return policy.narrow_by_case(request.user, super().get_queryset(request), "case")


@admin.register(CaseViewLog)
class CaseViewLogAdmin(admin.ModelAdmin):
    list_display = ["case", "user", "viewed_at", "path"]

    def get_queryset(self, request):
        return policy.narrow_by_case(request.user, super().get_queryset(request), "case")

    def has_change_permission(self, request, obj=None):
        return False

    def has_add_permission(self, request):
        return False
