"""The base form of every record of a case's workspace."""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts.models import Sharing


class CaseItemForm(forms.ModelForm):
    """Base form for every item of a case's workspace: carries the version it was opened at, so a
    concurrent edit is detected, and asks for a reason when an existing item changes."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        if self.instance.pk:
            self.initial["version"] = self.instance.version
            # An edit must say which version it started from, or it could overwrite a newer one.
            self.fields["version"].required = True
            self.fields["version"].error_messages["required"] = _("The form is out of date: reload the page.")
        else:
            del self.fields["change_reason"]
        if "sharing" in self.fields:
            self.fields["sharing"].widget = forms.RadioSelect(choices=self.fields["sharing"].choices)
            self.fields["sharing"].choices = Sharing.choices
