"""Forms of raising and of the first-response checklist.

They only parse and bound the input; who may do what is asked of ``accounts.policy`` and the rules
live in ``alarms.raising.services``.
"""

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import policy
from actors.models import Municipality
from actors.selectors import municipalities_in_scope
from alarms.core.models import AlarmKind, Question


def may_raise_alarms(user) -> bool:
    """Whether the user may raise the alarm for some municipality (the list's button): one query
    for the municipalities in the user's scope, the policy asked of each until one is allowed."""
    return any(policy.can_raise_alarm(user, m) for m in municipalities_in_scope(user=user))


def raisable_municipalities(user):
    """The municipalities the user may raise the alarm for (officials: their own; coordinators:
    their region's; administrators: all)."""
    scope = municipalities_in_scope(user=user)
    allowed = [m.pk for m in scope if policy.can_raise_alarm(user, m)]
    return Municipality.objects.filter(pk__in=allowed).select_related("region").order_by("name")


class RaiseForm(forms.Form):
    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        queryset=Municipality.objects.none(),
        help_text=_("Every designated organisation on this municipality's regional alarm roster is alarmed."),
    )
    kind = forms.ChoiceField(
        label=_("What is the alarm about?"), choices=AlarmKind.choices, widget=forms.RadioSelect
    )
    message = forms.CharField(
        label=_("Message"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 4, "maxlength": 1000}),
        help_text=_(
            "Short: what has happened, and what you need from the actors now. At most 1,000 characters."
        ),
    )

    def __init__(self, *args, user, fixed_municipality=None, **kwargs):
        super().__init__(*args, **kwargs)
        field = self.fields["municipality"]
        if fixed_municipality is not None:
            # Raised from a case or a signal: the municipality is theirs, not a choice.
            field.queryset = Municipality.objects.filter(pk=fixed_municipality.pk).select_related("region")
            field.widget = forms.HiddenInput()
            self.initial["municipality"] = fixed_municipality.pk
        else:
            field.queryset = raisable_municipalities(user)
            if user.municipality_id and not self.is_bound:
                self.initial.setdefault("municipality", user.municipality_id)
        field.error_messages["invalid_choice"] = _("You cannot raise the alarm for that municipality.")


class NoteForm(forms.Form):
    question = forms.TypedChoiceField(label=_("Question"), choices=Question.choices, coerce=int)
    text = forms.CharField(
        label=_("Your contribution"),
        max_length=1000,
        widget=forms.Textarea(attrs={"rows": 2, "maxlength": 1000}),
        error_messages={"required": _("Write your contribution first.")},
    )
