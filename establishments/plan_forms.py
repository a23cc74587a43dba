"""Forms of the action plan (moment 5)."""

from __future__ import annotations

from django import forms
from django.apps import apps
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person

from .forms import DATE_WIDGET, CaseItemForm
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
        for name, model_name in (("gaps", "CompetenceGap"), ("living_needs", "LivingNeed")):
            if name in self.fields:
                model = apps.get_model("competence", model_name)
                qs = model.objects.filter(case=case)
                if name == "gaps":
                    qs = qs.select_related("occupation")
                self.fields[name].queryset = qs
                if not self.fields[name].queryset.exists():
                    del self.fields[name]

    def clean(self):
        data = super().clean()
        org, person = data.get("owner_organisation"), data.get("owner_person")
        if person is not None and org is not None and person.organisation_id != org.pk:
            self.add_error("owner_person", _("The owning person must work at the owning organisation."))
        if person is not None and org is None:
            data["owner_organisation"] = person.organisation
        return data


class RespondForm(forms.Form):
    """An organisation's answer to a proposed action."""

    decision = forms.ChoiceField(
        label=_("Answer"), choices=[("accept", _("Accept")), ("decline", _("Decline"))]
    )
    reason = forms.CharField(label=_("Reason for declining"), required=False, max_length=2000)
    version = forms.IntegerField(widget=forms.HiddenInput)


class VersionForm(forms.Form):
    version = forms.IntegerField(widget=forms.HiddenInput)
