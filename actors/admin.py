from django.contrib import admin
from django.utils.translation import gettext_lazy as _

from accounts import policy
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
    """E-mail and phone follow the access policy here too (``policy.can_see_contact_details``): a
    superuser without a role, say, sees neither, nor finds a person by an address."""

    list_display = ["name", "title", "organisation", "email", "phone"]
    search_fields = ["name", "email"]
    autocomplete_fields = ["organisation"]
    list_select_related = ["organisation"]

    def get_list_display(self, request):
        # Functions of this request's user: the admin object itself is shared by every request.
        def shown(field, label):
            def column(person):
                return getattr(person, field) if policy.can_see_contact_details(request.user, person) else "–"

            column.short_description = label
            return column

        return ["name", "title", "organisation", shown("email", _("e-mail")), shown("phone", _("phone"))]

    def get_search_fields(self, request):
        return self.search_fields if policy.sees_all_contact_details(request.user) else ["name"]

    def get_exclude(self, request, obj=None):
        if obj is not None and not policy.can_see_contact_details(request.user, obj):
            return ["email", "phone"]
        return super().get_exclude(request, obj)


@admin.register(Role)
class RoleAdmin(NoDeleteMixin, HistoryAdmin):
    list_display = ["title", "person", "organisation", "deputy", "valid_from", "valid_to"]
    search_fields = ["title", "person__name", "organisation__name"]
    list_select_related = ["person", "organisation", "deputy"]
