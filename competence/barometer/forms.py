"""The admin's form for loading a round of the Yrkesbarometer: the file, and what it may not say."""

from django import forms
from django.utils.translation import gettext_lazy as _

from .importer import ROUND


class BarometerUploadForm(forms.Form):
    file = forms.FileField(
        label=_("File"),
        help_text=_(
            "Arbetsförmedlingen's yrkesbarometer.json (a row per occupation and county), or a CSV with the "
            "same columns or the shipped file's (yrke, yrkesomrade, ssyk_codes, rekryteringssituation, "
            "jobbmojligheter, prognos, text)."
        ),
    )
    round = forms.RegexField(
        label=_("Round"),
        regex=ROUND,
        required=False,
        max_length=10,
        help_text=_("For example 2026-1; needed only where the file does not say (a CSV without omgang)."),
        error_messages={"invalid": _("Write the round as year-number, for example 2026-1.")},
    )
    published = forms.DateField(label=_("Published"), required=False, help_text=_("YYYY-MM-DD"))
