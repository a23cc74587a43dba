from django.contrib import admin
from simple_history.admin import SimpleHistoryAdmin

from .models import Municipality, Organisation, Person, Region, Role


@admin.register(Region)
class RegionAdmin(admin.ModelAdmin):
    list_display = ["code", "name"]
    search_fields = ["name", "code"]


@admin.register(Municipality)
class MunicipalityAdmin(admin.ModelAdmin):
    list_display = ["code", "name", "region"]
    list_filter = ["region"]
    search_fields = ["name", "code"]


@admin.register(Organisation)
class OrganisationAdmin(SimpleHistoryAdmin):
    list_display = ["name", "type", "level", "region", "municipality", "org_number"]
    list_filter = ["type", "level", "region"]
    search_fields = ["name", "org_number"]
    autocomplete_fields = ["municipality", "region"]


@admin.register(Person)
class PersonAdmin(SimpleHistoryAdmin):
    list_display = ["name", "title", "organisation", "email", "phone"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation"]


@admin.register(Role)
class RoleAdmin(SimpleHistoryAdmin):
    list_display = ["title", "person", "organisation", "deputy", "valid_from", "valid_to"]
    search_fields = ["title", "person__name", "organisation__name"]
    list_select_related = ["person", "organisation", "deputy"]
