"""The form of the region's readiness plan: an action born of a handlingsplan, and its edits."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Person
from config.forms import DATE_WIDGET

from .models import RegionalAction, owner_organisations


class RegionalActionForm(forms.ModelForm):
    """What will be done, by whom and by when. The choices of owner are narrowed to those who may
    own it (``owner_organisations``); the owner rule itself is ``RegionalAction.clean``. An edit
    carries the version it was opened at, so a concurrent edit is detected."""

    reason = forms.CharField(
        label=_("Why the change"),
        required=False,
        max_length=100,
        help_text=_("Kept in the action's history. At most 100 characters."),
    )
    version = forms.IntegerField(widget=forms.HiddenInput, required=False)

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
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            # An edit must say which version it started from, or it could overwrite a newer one.
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = _("The form is out of date: reload the page.")
        else:
            # A new action's history says where it came from, and it has no version yet.
            del self.fields["reason"]
            del self.fields["version"]
