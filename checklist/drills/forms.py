"""Forms of the drill pages: choosing the municipality, the scenario and participants, an answer."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from .models import DrillAnswer
from .selectors import Candidate


class DrillMunicipalityForm(forms.Form):
    """Step one of starting a drill: the municipality (it decides the region, hence who may take part)."""

    municipality = forms.TypedChoiceField(
        label=_("Municipality"),
        coerce=int,
        error_messages={
            "invalid_choice": _("Choose a municipality where you may start a drill."),
            "required": _("Choose a municipality where you may start a drill."),
        },
    )

    def __init__(self, *args, municipalities, **kwargs):
        super().__init__(*args, **kwargs)
        self.by_pk = {m.pk: m for m in municipalities}
        regions: dict[str, list] = {}
        for m in municipalities:
            regions.setdefault(str(m.region), []).append((m.pk, m.name))
        choices = list(regions.items()) if len(regions) > 1 else next(iter(regions.values()), [])
        self.fields["municipality"].choices = [("", _("Choose a municipality"))] + choices

    def clean_municipality(self):
        return self.by_pk[self.cleaned_data["municipality"]]


class DrillStartForm(forms.Form):
    """Step two: the scenario, and who takes part in which role (one checkbox and one role label
    per user who may take part; a user not offered cannot be posted)."""

    scenario = forms.CharField(
        label=_("Scenario"),
        max_length=2000,
        widget=forms.Textarea(attrs={"rows": 5}),
        help_text=_("What the participants are told. Edit it freely: it is a drill, not a real case."),
        error_messages={"required": _("Describe the scenario the participants respond to.")},
    )

    def __init__(self, *args, candidates: list[Candidate], **kwargs):
        super().__init__(*args, **kwargs)
        self.candidates = candidates
        for c in candidates:
            name = c.user.get_full_name() or c.user.username
            self.fields[f"take_{c.user.pk}"] = forms.BooleanField(label=name, required=False)
            self.fields[f"role_{c.user.pk}"] = forms.CharField(
                label=_("Role of %(name)s") % {"name": name}, required=False, max_length=200, initial=c.role
            )

    @property
    def rows(self):
        return [(c, self[f"take_{c.user.pk}"], self[f"role_{c.user.pk}"]) for c in self.candidates]

    def clean(self):
        cleaned = super().clean()
        participants = []
        for c in self.candidates:
            if not cleaned.get(f"take_{c.user.pk}"):
                continue
            role = (cleaned.get(f"role_{c.user.pk}") or "").strip()
            if not role:
                self.add_error(f"role_{c.user.pk}", _("Name the role this participant plays in the drill."))
            participants.append((c.user, role))
        if not participants:
            raise forms.ValidationError(_("Choose at least one participant."), code="no_participants")
        cleaned["participants"] = participants
        return cleaned


class DrillAnswerForm(forms.ModelForm):
    """A participant's answers to the guide's two questions."""

    class Meta:
        model = DrillAnswer
        fields = ["contribution", "approach"]
        widgets = {
            "contribution": forms.Textarea(attrs={"rows": 4}),
            "approach": forms.Textarea(attrs={"rows": 4}),
        }

    def clean(self):
        cleaned = super().clean()
        if not (cleaned.get("contribution") or "").strip() and not (cleaned.get("approach") or "").strip():
            raise forms.ValidationError(_("Answer at least one of the two questions."), code="empty")
        return cleaned
