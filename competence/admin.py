from django.contrib import admin
from django.urls import path

from accounts import policy

from .barometer import views as barometer_views
from .models import Assessment, BarometerOccupation, BarometerRound, Occupation


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name_sv", "name_en"]


class AssessmentInline(admin.TabularInline):
    model = Assessment
    fields = ["occupation", "county", "situation", "prospects", "forecast"]
    readonly_fields = fields
    extra = 0
    can_delete = False
    show_change_link = False

    def has_add_permission(self, request, obj=None):
        return False


@admin.register(BarometerRound)
class BarometerRoundAdmin(admin.ModelAdmin):
    """The rounds of the Yrkesbarometer as loaded (``manage.py load_yrkesbarometer``): reference data,
    read here, never edited by hand."""

    list_display = ["code", "published", "counties", "loaded_at", "loaded_by"]
    readonly_fields = ["code", "published", "source", "counties", "loaded_at", "loaded_by"]
    change_list_template = "admin/competence/barometerround_change_list.html"

    def get_urls(self):
        def load(request):
            return barometer_views.load_round(request, admin_context=self.admin_site.each_context(request))

        load_url = path("las-in/", self.admin_site.admin_view(load), name="competence_barometerround_load")
        return [load_url, *super().get_urls()]

    def changelist_view(self, request, extra_context=None):
        extra = {"may_load": policy.can_load_reference_data(request.user), **(extra_context or {})}
        return super().changelist_view(request, extra_context=extra)

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False


@admin.register(BarometerOccupation)
class BarometerOccupationAdmin(admin.ModelAdmin):
    list_display = ["name", "field"]
    list_filter = ["field"]
    search_fields = ["name", "occupations__code"]
    readonly_fields = ["name", "field", "concept_id", "occupations"]
    inlines = [AssessmentInline]

    def has_add_permission(self, request):
        return False

    def has_change_permission(self, request, obj=None):
        return False

    def has_delete_permission(self, request, obj=None):
        return False
