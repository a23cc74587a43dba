from django import forms
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from actors.widgets import SearchChoiceField, SearchSelect
from config.forms import DATE_WIDGET
from workspace.core.forms import CaseItemForm

from .models import CompetenceGap, Confidence, Intervention, LivingNeed, Occupation, Offering
from .suggestions import OCCUPATIONS


class SuggestionsAt(SearchSelect):
    """The project's search-as-you-type field (``actors.widgets``), its suggestions asked of a URL of
    its own: the case's occupation search (``views.occupation_search``)."""

    def __init__(self, attrs=None, *, url: str = "", typing_hint: str = ""):
        super().__init__(attrs)
        self.url, self.typing_hint = url, typing_hint

    def get_context(self, name, value, attrs):
        context = super().get_context(name, value, attrs)
        context["widget"].update(search_url=self.url, typing_hint=self.typing_hint)
        return context


class OccupationField(SearchChoiceField):
    """A level-4 occupation of SSYK 2012, found by its code or by part of its name
    (``suggestions.OCCUPATIONS``)."""

    widget = SuggestionsAt

    @property
    def rows(self):
        return OCCUPATIONS

    def suggest_at(self, url: str) -> None:
        self.widget.url, self.widget.typing_hint = url, OCCUPATIONS.typing_hint


class OrganisationField(SearchChoiceField):
    """An organisation of the registry, found by part of its name or its organisation number
    (``actors.suggestions``: its suggestions, its messages)."""

    def __init__(self, *args, **kwargs):
        kwargs.setdefault("source", "organisation")
        super().__init__(*args, **kwargs)


class CompetenceItemForm(CaseItemForm):
    """Element ids unique to each form (``id_competencegap_new_year``, ``id_intervention_12_start``),
    because the tab holds several forms at once: the three "add" forms and any inline edits."""

    def __init__(self, *args, case, **kwargs):
        instance = kwargs.get("instance")
        key = instance.pk if instance is not None and instance.pk else "new"
        kwargs.setdefault("auto_id", f"id_{self._meta.model._meta.model_name}_{key}_%s")
        super().__init__(*args, case=case, **kwargs)


class CompetenceGapForm(CompetenceItemForm):
    occupation = OccupationField(
        label=_("Occupation (SSYK 2012)"),
        queryset=Occupation.objects.filter(level=4),
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
        self.fields["occupation"].suggest_at(
            reverse("competence:occupation_search", kwargs={"case_pk": case.pk})
        )
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
            "offering",
            "note",
            "sharing",
        ]
        widgets = {
            "start": DATE_WIDGET,
            "places_per_year": forms.NumberInput(attrs={"min": 0}),
            "end_year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
            "note": forms.Textarea(attrs={"rows": 2}),
        }
        field_classes = {"organisation": OrganisationField}

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
        self.fields["start"].input_formats = ["%Y-%m-%d"]
        # The region's education supply: a handful to a few dozen programmes, a plain list.
        self.fields["offering"].queryset = (
            Offering.objects.filter(municipality__region_id=case.region_id)
            .select_related("municipality")
            .order_by("name", "pk")
        )
        self.fields["offering"].label_from_instance = lambda o: f"{o.name} ({o.municipality.name})"
        self.fields["offering"].help_text = _(
            "If the intervention is a programme of the region's education supply, choose it: the "
            "regional picture then counts it once, however many cases it serves."
        )


class LivingNeedForm(CompetenceItemForm):
    class Meta:
        model = LivingNeed
        fields = ["kind", "description", "quantity", "year", "organisation", "status", "sharing"]
        field_classes = {"organisation": OrganisationField}
        widgets = {
            "description": forms.Textarea(attrs={"rows": 2}),
            "quantity": forms.NumberInput(attrs={"min": 0}),
            "year": forms.NumberInput(attrs={"min": 2000, "max": 2100}),
        }

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, case=case, **kwargs)
        self.fields["organisation"].help_text = _("Who answers for meeting the need.")
