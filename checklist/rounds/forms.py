"""Forms of the rounds and answers. They parse and check single fields; the rules of the domain
(a future deadline, who may be asked, complete answers at submission) live in the services."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from config.forms import DATE_WIDGET, ModelMultipleChoiceField

from .models import RoutineAnswer, Value
from .services import default_contact, eligible_organisations

DEFAULT_CONTACT = ""


class RoundForm(forms.Form):
    """Opening a round: a title, a deadline, and which organisations answer, each with its contact.

    The contact of each organisation is a select named ``contact_<organisation id>``; left at the
    default, the service picks the first of its people with an e-mail address.
    """

    title = forms.CharField(label=_("Title"), max_length=200)
    deadline = forms.DateField(
        label=_("Deadline"),
        widget=DATE_WIDGET,
        help_text=_("The last day to answer. Reminders go out in the days before it."),
    )
    organisations = ModelMultipleChoiceField(
        label=_("Organisations that answer"),
        queryset=None,
        widget=forms.CheckboxSelectMultiple,
        error_messages={
            "required": _("Choose at least one organisation to answer."),
            "invalid_choice": _("Only the region's own organisations and national bodies can be asked."),
            "invalid_pk_value": _("Only the region's own organisations and national bodies can be asked."),
        },
    )

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.region = region
        orgs = list(eligible_organisations(region).prefetch_related("people__roles"))
        self.fields["organisations"].queryset = eligible_organisations(region)
        self.rows = []
        for org in orgs:
            people = sorted(org.people.all(), key=lambda p: (p.name, p.pk))
            default = default_contact(org, people)
            default_label = (
                _("Default: %(person)s") % {"person": default.name} if default else _("Nobody with an e-mail")
            )
            name = f"contact_{org.pk}"
            self.fields[name] = forms.ChoiceField(
                label=_("Contact at %(organisation)s") % {"organisation": org.name},
                required=False,
                choices=[(DEFAULT_CONTACT, default_label)]
                + [(str(p.pk), f"{p.name}{'' if p.email else ' ' + str(_('(no e-mail)'))}") for p in people],
            )
            self.rows.append({"organisation": org, "people": {str(p.pk): p for p in people}, "field": name})

    def chosen_ids(self) -> set[str]:
        return {str(v) for v in (self.data.getlist("organisations") if self.is_bound else [])}

    def row_fields(self):
        """For the template: each organisation with its checkbox state and contact select."""
        chosen = self.chosen_ids()
        return [
            {**row, "bound": self[row["field"]], "checked": str(row["organisation"].pk) in chosen}
            for row in self.rows
        ]

    def contacts(self) -> dict:
        """organisation id → the chosen Person, for the organisations chosen (None: the default)."""
        result = {}
        for row in self.rows:
            value = self.cleaned_data.get(row["field"]) or DEFAULT_CONTACT
            result[row["organisation"].pk] = row["people"].get(value) if value else None
        return result


class AnswerForm(forms.ModelForm):
    """One routine's answer; prefixed by the routine's id in an answer sheet."""

    value = forms.ChoiceField(
        label=_("Answer"), choices=Value.choices, required=False, widget=forms.RadioSelect
    )

    class Meta:
        model = RoutineAnswer
        fields = ["value", "comment", "plan_what", "plan_who", "plan_when"]
        widgets = {
            "comment": forms.Textarea(attrs={"rows": 2}),
            "plan_what": forms.Textarea(attrs={"rows": 2}),
            "plan_when": DATE_WIDGET,
        }
        labels = {
            "comment": _("Comment"),
            "plan_what": _("What will be done"),
            "plan_who": _("Who does it"),
            "plan_when": _("By when"),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.routine = self.instance.routine
        self.fields["plan_when"].required = False

    def _post_clean(self):
        # The model's own validation (uniqueness, foreign keys) costs queries per routine; the
        # service checks the sheet as a whole instead.
        pass

    def values(self) -> dict:
        return {name: self.cleaned_data.get(name) for name in self.Meta.fields}


class AnswerSheet:
    """Every routine's answer form, plus the reason a change after submission needs."""

    def __init__(self, answers, data=None, *, with_reason=False):
        self.forms = [AnswerForm(data, instance=a, prefix=f"r{a.routine_id}") for a in answers]
        self.reason = ReasonForm(data) if with_reason else None

    def __iter__(self):
        return iter(self.forms)

    def is_valid(self) -> bool:
        results = [f.is_valid() for f in self.forms]  # every form, so each shows its errors
        valid = all(results)
        if self.reason is not None:
            valid = self.reason.is_valid() and valid
        self._mark_errors()
        return valid

    def _mark_errors(self) -> None:
        """Tie each field with an error to its message for screen readers (the template gives the
        message the id ``<field id>_error``)."""
        for form in self.forms:
            for name in form.errors:
                if name in form.fields:
                    attrs = form.fields[name].widget.attrs
                    attrs["aria-invalid"] = "true"
                    attrs["aria-describedby"] = f"{form[name].auto_id}_error"

    def values(self) -> dict:
        return {f.instance.routine_id: f.values() for f in self.forms}

    def add_service_errors(self, exc) -> None:
        per_routine = getattr(exc, "per_routine", {}) or {}
        for form in self.forms:
            for field, message in per_routine.get(form.instance.routine_id, {}).items():
                form.add_error(field if field in form.fields else None, message)
        if hasattr(exc, "error_dict") and "reason" in exc.error_dict and self.reason is not None:
            self.reason.add_error("reason", exc.error_dict["reason"])
        self._mark_errors()

    @property
    def error_count(self) -> int:
        return sum(1 for f in self.forms if f.errors)


class ReasonForm(forms.Form):
    reason = forms.CharField(
        label=_("Why are the submitted answers changed?"),
        max_length=100,
        help_text=_("Kept in the history with your name and the time."),
    )
