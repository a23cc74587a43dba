from django.core.validators import MaxLengthValidator
from django.db import models
from django.utils.functional import cached_property


class BoundedTextField(models.TextField):
    """A TextField whose max_length is checked by model validation (full_clean), not only by forms,
    so text that arrives through a service or an import is bounded too."""

    @cached_property
    def validators(self):
        validators = super().validators
        if self.max_length:
            validators = [*validators, MaxLengthValidator(self.max_length)]
        return validators
