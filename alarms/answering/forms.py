"""Forms of answering and closing: they only parse and bound the input; the rules live in
``alarms.answering.services``."""

from django import forms
from django.utils.translation import gettext_lazy as _

from alarms.core.models import Response


class AnswerForm(forms.Form):
    """An organisation's answer: "We mobilise" (and who comes) or "Cannot" (and why)."""

    response = forms.ChoiceField(
        label=_("Answer"),
        choices=[
            (Response.MOBILISING, Response.MOBILISING.label),
            (Response.DECLINED, Response.DECLINED.label),
        ],
        widget=forms.RadioSelect,
        error_messages={"required": _("Answer “We mobilise” or “Cannot”.")},
    )
    who_comes = forms.CharField(
        label=_("Who comes (optional)"),
        required=False,
        max_length=300,
        help_text=_("Name and phone number of the person who takes part, if known."),
    )
    reason = forms.CharField(
        label=_("Why not (required if you cannot)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
    )

    def clean(self):
        data = super().clean()
        if data.get("response") == Response.DECLINED and not (data.get("reason") or "").strip():
            self.add_error("reason", _("Say why you cannot, so the coordinator can find someone else."))
        return data


class CloseForm(forms.Form):
    note = forms.CharField(
        label=_("Closing note (optional)"),
        required=False,
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 3, "maxlength": 1000}),
        help_text=_("For example: who mobilised, what happens next. It is shown in the alarm's report."),
    )
