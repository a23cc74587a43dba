from django.contrib import admin

from .models import Occupation


@admin.register(Occupation)
class OccupationAdmin(admin.ModelAdmin):
    list_display = ["code", "name_sv", "level"]
    list_filter = ["level"]
    search_fields = ["code", "name_sv", "name_en"]
