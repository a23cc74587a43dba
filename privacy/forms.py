from django import forms
from django.utils.translation import gettext_lazy as _


class EraseForm(forms.Form):
    """The administrator types the person's id or name: an erasure cannot be undone."""

    confirmation = forms.CharField(
        label=_("Type the id or the name to confirm"),
        max_length=200,
        widget=forms.TextInput(attrs={"autocomplete": "off", "spellcheck": "false"}),
    )

    def __init__(self, *args, plan, **kwargs):
        super().__init__(*args, **kwargs)
        self.plan = plan

    def clean_confirmation(self):
        text = self.cleaned_data["confirmation"]
        if not self.plan.confirms(text):
            raise forms.ValidationError(
                _("Type the id or the name exactly as shown to confirm. Nothing was erased.")
            )
        return text
