"""Forms of the region's readiness plan: an action born of a handlingsplan, and its edits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Person
from config.forms import DATE_WIDGET

from .models import RegionalAction
from .readiness import owner_organisations


class RegionalActionForm(forms.ModelForm):
    """What will be done, by whom and by when. The owner may be any of the region's organisations
    or any organisation asked in one of its rounds."""

    reason = forms.CharField(
        label=_("Why the change"),
        required=False,
        max_length=100,
        help_text=_("Kept in the action's history. At most 100 characters."),
    )
    seen = forms.IntegerField(widget=forms.HiddenInput, required=False)

    class Meta:
        model = RegionalAction
        fields = [
            "title",
            "theme",
            "current_state",
            "target_state",
            "owner_organisation",
            "owner_person",
            "due_date",
            "status",
        ]
        widgets = {
            "current_state": forms.Textarea(attrs={"rows": 3}),
            "target_state": forms.Textarea(attrs={"rows": 3}),
            "due_date": DATE_WIDGET,
        }
        error_messages = {
            "title": {"required": _("Say what the action is: give it a title.")},
            "due_date": {"invalid": _("Enter the due date as YYYY-MM-DD.")},
        }

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        orgs = owner_organisations(region, include=self.instance.owner_organisation_id)
        self.fields["owner_organisation"].queryset = orgs
        self.fields["owner_person"].queryset = (
            Person.objects.filter(organisation__in=orgs).select_related("organisation").order_by("name", "pk")
        )
        self.fields["owner_person"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
        self.fields["due_date"].input_formats = ["%Y-%m-%d"]
        if not self.instance.pk:
            del self.fields["reason"]  # a new action's history says where it came from

    def clean(self):
        data = super().clean()
        org, person = data.get("owner_organisation"), data.get("owner_person")
        if person is not None and org is not None and person.organisation_id != org.pk:
            self.add_error("owner_person", _("The owning person must work at the owning organisation."))
        if person is not None and org is None:
            data["owner_organisation"] = person.organisation
            self.instance.owner_organisation = person.organisation
        return data
