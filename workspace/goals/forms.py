"""Forms of moment 1 (edited inline, see workspace.core.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DATE_WIDGET
from establishments.models import CaseMember
from workspace.core.forms import CaseItemForm

from .models import Expectation, Milestone, ResourceCommitment


class ExpectationForm(CaseItemForm):
    class Meta:
        model = Expectation
        fields = ["kind", "text", "organisation", "sharing"]
        widgets = {"text": forms.Textarea(attrs={"rows": 2}), "kind": forms.RadioSelect}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = Expectation.Kind.choices
        self.fields["organisation"].queryset = self.case.members.order_by("name")
        self.fields["organisation"].help_text = _("One of the case's actors.")


class MilestoneForm(CaseItemForm):
    class Meta:
        model = Milestone
        fields = ["kind", "title", "date", "note", "sharing"]
        widgets = {"date": DATE_WIDGET, "note": forms.Textarea(attrs={"rows": 2})}


class ResourceForm(CaseItemForm):
    class Meta:
        model = ResourceCommitment
        fields = ["organisation", "description", "people", "amount_sek", "sharing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["organisation"].queryset = self.case.members.order_by("name")

    def clean(self):
        data = super().clean()
        if data.get("people") in (None, "") and data.get("amount_sek") in (None, ""):
            raise forms.ValidationError(_("Say how many people or how much money is committed."))
        return data


class EngagementForm(forms.Form):
    engagement = forms.ChoiceField(label=_("Engagement"), choices=CaseMember.Engagement.choices)
    version = forms.IntegerField(widget=forms.HiddenInput)
