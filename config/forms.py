"""Form widgets every app's forms share."""

from django import forms

# The browser's own pickers (no JavaScript of ours); ISO values whatever the language.
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")
