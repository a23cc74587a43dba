"""The form of a routine's wording, in both languages."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .services import TEXT_MAX_LENGTH


class RoutineForm(forms.Form):
    text_sv = forms.CharField(
        label=_("Wording in Swedish"),
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "sv"}),
    )
    text_en = forms.CharField(
        label=_("Wording in English"),
        max_length=TEXT_MAX_LENGTH,
        strip=True,
        widget=forms.Textarea(attrs={"rows": 3, "lang": "en"}),
    )
