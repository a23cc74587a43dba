"""Form widgets every app's forms share."""

from django import forms
from django.core.exceptions import ValidationError

# The browser's own pickers (no JavaScript of ours); ISO values whatever the language.
DATETIME_WIDGET = forms.DateTimeInput(attrs={"type": "datetime-local"}, format="%Y-%m-%dT%H:%M")
DATE_WIDGET = forms.DateInput(attrs={"type": "date"}, format="%Y-%m-%d")


class ModelMultipleChoiceField(forms.ModelMultipleChoiceField):
    """Django's, but a key beyond a 64-bit integer is an invalid choice, not a server error (SQLite
    cannot compare a column with such a number; the other keys are checked by Django's own field).
    For any form's choice of several rows, e.g. a model form's ``field_classes``."""

    def _check_values(self, value):
        if self.to_field_name is None:
            for key in value:
                try:
                    number = int(key)
                except (TypeError, ValueError):
                    continue
                if not -(2**63) <= number < 2**63:
                    raise ValidationError(
                        self.error_messages["invalid_choice"], code="invalid_choice", params={"value": key}
                    )
        return super()._check_values(value)
