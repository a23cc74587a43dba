"""Forms of the action plan (moment 5)."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person
from competence.models import CompetenceGap, LivingNeed
from config.forms import DATE_WIDGET, ModelMultipleChoiceField
from workspace.core.forms import CaseItemForm

from .models import Action


class ActionForm(CaseItemForm):
    class Meta:
        model = Action
        fields = [
            "theme",
            "title",
            "current_state",
            "target_state",
            "owner_organisation",
            "owner_person",
            "due_date",
            "status",
            "gaps",
            "living_needs",
            "sharing",
        ]
        widgets = {
            "current_state": forms.Textarea(attrs={"rows": 2}),
            "target_state": forms.Textarea(attrs={"rows": 2}),
            "due_date": DATE_WIDGET,
            "gaps": forms.CheckboxSelectMultiple,
            "living_needs": forms.CheckboxSelectMultiple,
        }
        error_messages = {"due_date": {"invalid": _("Enter the due date as YYYY-MM-DD.")}}
        field_classes = {"gaps": ModelMultipleChoiceField, "living_needs": ModelMultipleChoiceField}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        members = case.memberships.values("organisation_id")
        self.fields["owner_organisation"].queryset = Organisation.objects.filter(pk__in=members).order_by(
            "name"
        )
        self.fields["owner_person"].queryset = (
            Person.objects.filter(organisation_id__in=members).select_related("organisation").order_by("name")
        )
        self.fields["owner_person"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
        self.fields["due_date"].input_formats = ["%Y-%m-%d"]
        for name, qs in (
            ("gaps", CompetenceGap.objects.filter(case=case).select_related("occupation")),
            ("living_needs", LivingNeed.objects.filter(case=case)),
        ):
            if name in self.fields:
                self.fields[name].queryset = qs
                if not qs.exists():
                    del self.fields[name]


class RespondForm(forms.Form):
    """An organisation's answer to a proposed action."""

    decision = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
