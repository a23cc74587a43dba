"""Writes for the routines themselves: an administrator rewords a routine or adds one, always as a
new version, so the answers of earlier rounds keep pointing at the wording that was asked.

``Routine`` keeps no history of its own (the versions *are* its history); who made each version and
when is written to Django's admin log (``LogEntry``), which the admin site shows per object.
"""

from __future__ import annotations

from django.contrib.admin.models import ADDITION, LogEntry
from django.core.exceptions import PermissionDenied, ValidationError
from django.db import IntegrityError, transaction
from django.db.models import Max
from django.utils.translation import gettext as _

from accounts import policy

from .models import Routine

TEXT_MAX_LENGTH = 2000


def _clean_texts(text_sv: str, text_en: str) -> tuple[str, str]:
    text_sv, text_en = (text_sv or "").strip(), (text_en or "").strip()
    errors = {}
    for name, text in (("text_sv", text_sv), ("text_en", text_en)):
        if not text:
            errors[name] = _("Write the routine in both Swedish and English.")
        elif len(text) > TEXT_MAX_LENGTH:
            errors[name] = _("At most %(n)d characters.") % {"n": TEXT_MAX_LENGTH}
    if errors:
        raise ValidationError(errors)
    return text_sv, text_en


def _create(user, routine: Routine, message: str) -> Routine:
    routine.full_clean(validate_constraints=False)
    try:
        with transaction.atomic():  # a savepoint: a clash leaves the caller's transaction usable
            routine.save()
    except IntegrityError as exc:
        # Another administrator made the same version or number a moment ago.
        raise ValidationError(_("The routines changed while you were writing; try again.")) from exc
    LogEntry.objects.log_actions(user.pk, [routine], ADDITION, change_message=message, single_object=True)
    return routine


@transaction.atomic
def routine_revise(*, user, routine: Routine, text_sv: str, text_en: str) -> Routine:
    """Reword ``routine`` (the current version of its number): a new version becomes current, the
    old one stays for the answers and rounds that point at it."""
    if not policy.can_revise_routines(user):
        raise PermissionDenied
    text_sv, text_en = _clean_texts(text_sv, text_en)
    # Locks the current version: a second administrator revising at the same moment waits here and
    # then finds it no longer current.
    current = Routine.objects.select_for_update().filter(pk=routine.pk, is_current=True).first()
    if current is None:
        raise ValidationError(
            _("This wording has been revised since you opened it; start from the current version.")
        )
    if (text_sv, text_en) == (current.text_sv.strip(), current.text_en.strip()):
        raise ValidationError(_("The wording is the same as the current version's."))
    latest = Routine.objects.filter(number=current.number).aggregate(v=Max("version"))["v"] or 0
    # One current version per number (a database constraint): step the old one down first.
    Routine.objects.filter(pk=current.pk).update(is_current=False)
    new = Routine(
        number=current.number, version=latest + 1, text_sv=text_sv, text_en=text_en, is_current=True
    )
    return _create(
        user, new, f"Version {new.version} of routine {new.number} (replaces version {current.version})"
    )


@transaction.atomic
def routine_add(*, user, text_sv: str, text_en: str) -> Routine:
    """Add a routine after the guide's ten (number 11 and on), as its version 1."""
    if not policy.can_revise_routines(user):
        raise PermissionDenied
    text_sv, text_en = _clean_texts(text_sv, text_en)
    number = (Routine.objects.aggregate(n=Max("number"))["n"] or 0) + 1
    new = Routine(number=number, version=1, text_sv=text_sv, text_en=text_en, is_current=True)
    return _create(user, new, f"Routine {number} added")
