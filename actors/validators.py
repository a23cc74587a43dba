import phonenumbers
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _
from stdnum.exceptions import ValidationError as StdnumError
from stdnum.se import orgnr


def validate_orgnr(value: str) -> None:
    """A Swedish organisation number: ten digits with a valid check digit (python-stdnum)."""
    if not value:
        return
    try:
        orgnr.validate(value)
    except StdnumError as exc:
        raise ValidationError(
            _("%(value)s is not a valid Swedish organisation number (NNNNNN-NNNN)."),
            code="invalid_orgnr",
            params={"value": value},
        ) from exc


def normalise_orgnr(value: str) -> str:
    return orgnr.format(value) if value else ""


def validate_phone(value: str) -> None:
    if not value:
        return
    try:
        number = phonenumbers.parse(value, "SE")
    except phonenumbers.NumberParseException as exc:
        raise ValidationError(
            _("%(value)s is not a phone number."), code="invalid_phone", params={"value": value}
        ) from exc
    if not phonenumbers.is_valid_number(number):
        raise ValidationError(
            _("%(value)s is not a valid phone number."), code="invalid_phone", params={"value": value}
        )


def normalise_phone(value: str) -> str:
    if not value:
        return ""
    number = phonenumbers.parse(value, "SE")
    fmt = (
        phonenumbers.PhoneNumberFormat.NATIONAL
        if number.country_code == 46
        else phonenumbers.PhoneNumberFormat.INTERNATIONAL
    )
    return phonenumbers.format_number(number, fmt)
