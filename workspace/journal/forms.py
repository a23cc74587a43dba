"""Forms of the journal (edited inline, see workspace.core.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Person
from config.forms import DATE_WIDGET
from workspace.core.forms import CaseItemForm

from .models import FollowUp, JournalEntry


class JournalEntryForm(CaseItemForm):
    class Meta:
        model = JournalEntry
        fields = ["kind", "date", "title", "participants", "notes", "sharing"]
        widgets = {
            "date": DATE_WIDGET,
            "kind": forms.RadioSelect,
            "participants": forms.Textarea(attrs={"rows": 2}),
            "notes": forms.Textarea(attrs={"rows": 4}),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["kind"].choices = JournalEntry.Kind.choices


class FollowUpForm(CaseItemForm):
    class Meta:
        model = FollowUp
        fields = ["entry", "text", "owner", "owner_person", "due", "done", "sharing"]
        widgets = {"due": DATE_WIDGET}

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["entry"].queryset = JournalEntry.objects.filter(case=self.case)
        self.fields["owner"].queryset = self.case.members.order_by("name")
        self.fields["owner_person"].queryset = Person.objects.filter(
            organisation__in=self.case.members.all()
        ).select_related("organisation")

    def clean(self):
        data = super().clean()
        person, owner = data.get("owner_person"), data.get("owner")
        if person and owner and person.organisation_id != owner.pk:
            self.add_error("owner_person", _("The person does not belong to the owning organisation."))
        return data
