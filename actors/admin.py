from django.contrib import admin

from config.admin import HistoryAdmin

from .models import Municipality, Organisation, Person, Region, Role


class NoDeleteMixin:
    """The registry is not deleted here: cases, records and alarms hang on it (and the admin's delete
    page would list them by name, a confidential case's included). People and organisations leave
    through the registry pages; geography comes from SCB."""

    def has_delete_permission(self, request, obj=None):
        return False


@admin.register(Region)
class RegionAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(NoDeleteMixin, admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "type", "level", "region", "municipality", "org_number"]
    list_filter = ["type", "level", "region"]
    search_fields = ["name", "org_number"]
    autocomplete_fields = ["municipality", "region"]


@admin.register(Person)
class PersonAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["name", "title", "organisation", "email", "phone"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation"]


@admin.register(Role)
class RoleAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["title", "person", "organisation", "deputy", "valid_from", "valid_to"]
    search_fields = ["title", "person__name", "organisation__name"]
    list_select_related = ["person", "organisation", "deputy"]
