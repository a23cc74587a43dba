from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation
from config.forms import DATE_WIDGET
from workspace.core.forms import CaseItemForm

from . import selectors
from .models import CompetenceGap, Confidence, Intervention, LivingNeed, Occupation


class OccupationPicker(forms.Select):
    """A <select> of level-4 occupations grouped by major group, which works without JavaScript;
    with htmx, a search box above it narrows the options on the server, by name or SSYK code."""

    template_name = "competence/widgets/occupation_picker.html"

    def __init__(self, *args, search_url: str = "", **kwargs):
        super().__init__(*args, **kwargs)
        self.search_url = search_url

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"]["search_url"] = self.search_url
        return context


def organisation_choices(case) -> list:
    """Organisations for a <select>: the case's members first, then everyone else in the registry."""
    member_ids = set(case.memberships.values_list("organisation_id", flat=True))
    members, others = [], []
    for org in Organisation.objects.only("pk", "name").order_by("name"):
        (members if org.pk in member_ids else others).append((org.pk, org.name))
    choices = [("", "---------")]
    if members:
        choices.append((_("Members of the case"), members))
    if others:
        choices.append((_("Other organisations"), others))
    return choices


class CompetenceItemForm(CaseItemForm):
    """Element ids unique to each form (``id_competencegap_new_year``, ``id_intervention_12_start``),
    because the tab holds several forms at once: the three "add" forms and any inline edits."""

    def __init__(self, *args, case, **kwargs):
        instance = kwargs.get("instance")
        key = instance.pk if instance is not None and instance.pk else "new"
        kwargs.setdefault("auto_id", f"id_{self._meta.model._meta.model_name}_{key}_%s")
        super().__init__(*args, case=case, **kwargs)


class CompetenceGapForm(CompetenceItemForm):
    occupation = forms.ModelChoiceField(
        label=_("Occupation (SSYK 2012)"),
        queryset=Occupation.objects.filter(level=4),
        help_text=_("Search by name or code, or choose from the list."),
    )

    class Meta:
        model = CompetenceGap
        fields = [
            "occupation",
            "year",
            "needed",
            "regional_supply",
            "source",
            "confidence",
            "note",
            "sharing",
        ]
        widgets = {
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "needed": forms.NumberInput(attrs={"min": 0}),
            "regional_supply": forms.NumberInput(attrs={"min": 0}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "confidence": forms.RadioSelect,
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        field = self.fields["occupation"]
        field.widget = OccupationPicker(
            search_url=reverse("competence:occupation_search", kwargs={"case_pk": case.pk})
        )
        field.widget.is_required = True
        field.widget.choices = [("", _("Choose an occupation"))] + selectors.occupation_choices()
        self.fields["confidence"].choices = Confidence.choices  # radios need no blank choice


class InterventionForm(CompetenceItemForm):
    class Meta:
        model = Intervention
        fields = [
            "gap",
            "kind",
            "title",
            "organisation",
            "places_per_year",
            "start",
            "end_year",
            "status",
            "note",
            "sharing",
        ]
        widgets = {
            "start": DATE_WIDGET,
            "places_per_year": forms.NumberInput(attrs={"min": 0}),
            "end_year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        gaps = (
            CompetenceGap.objects.filter(case=case)
            .select_related("occupation")
            .order_by("occupation__code", "year")
        )
        self.fields["gap"].queryset = gaps
        self.fields["gap"].label_from_instance = lambda g: (
            f"{g.occupation.code} {g.occupation.name}, {g.year}"
        )
        self.fields["gap"].help_text = _("The occupation and first year the intervention serves.")
        self.fields["organisation"].widget.choices = organisation_choices(case)
        self.fields["start"].input_formats = ["%Y-%m-%d"]


class LivingNeedForm(CompetenceItemForm):
    class Meta:
        model = LivingNeed
        fields = ["kind", "description", "quantity", "year", "organisation", "status", "sharing"]
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "quantity": forms.NumberInput(attrs={"min": 0}),
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["organisation"].widget.choices = organisation_choices(case)
        self.fields["organisation"].help_text = _("Who answers for meeting the need.")
