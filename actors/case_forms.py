"""Forms for a case's actor map and contact routes (edited inline with htmx, see config/inline.py)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from establishments.forms import DATE_WIDGET, CaseItemForm
from establishments.models import CaseMember, Theme

from .models import ContactRoute, Organisation, Person, RouteStep

SCALE = [("", "–")] + [(str(i), str(i)) for i in range(1, 6)]


class CaseMemberAddForm(forms.ModelForm):
    """Put an organisation from the registry on the map."""

    class Meta:
        model = CaseMember
        fields = ["organisation", "case_role", "engagement"]
        widgets = {"engagement": forms.RadioSelect}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.fields["organisation"].queryset = Organisation.objects.exclude(
            case_memberships__case=case
        ).order_by("name")
        self.fields["organisation"].help_text = _("Organisations already on the map are not listed.")
        self.fields["engagement"].choices = CaseMember.Engagement.choices


class CaseMemberForm(forms.ModelForm):
    """An actor's place on the map. Carries the version it was opened at (safe concurrent editing)."""

    version = forms.IntegerField(widget=forms.HiddenInput, required=False)
    change_reason = forms.CharField(label=_("Reason for the change"), required=False, max_length=100)
    themes = forms.MultipleChoiceField(
        label=_("Responsible for themes"),
        choices=Theme.choices,
        required=False,
        widget=forms.CheckboxSelectMultiple,
    )
    influence = forms.TypedChoiceField(
        label=_("Influence (1–5)"), choices=SCALE, coerce=int, empty_value=None, required=False
    )
    interest = forms.TypedChoiceField(
        label=_("Interest (1–5)"), choices=SCALE, coerce=int, empty_value=None, required=False
    )

    class Meta:
        model = CaseMember
        fields = [
            "case_role",
            "engagement",
            "themes",
            "mandate",
            "contact",
            "deputy_contact",
            "influence",
            "interest",
        ]
        widgets = {"mandate": forms.Textarea(attrs={"rows": 2}), "engagement": forms.RadioSelect}

    def __init__(self, *args, case, **kwargs):
        super().__init__(*args, **kwargs)
        self.case = case
        self.initial["version"] = self.instance.version
        self.fields["version"].required = True  # an edit must say which version it started from
        people = Person.objects.filter(organisation_id=self.instance.organisation_id).order_by("name")
        for name in ("contact", "deputy_contact"):
            self.fields[name].queryset = people
        self.fields["engagement"].choices = CaseMember.Engagement.choices
        self.fields["mandate"].help_text = _("What this actor may decide or commit to in this case.")
        self.fields["deputy_contact"].help_text = _(
            "Someone who can step in, so the case never hangs on one person."
        )


class ContactRouteForm(CaseItemForm):
    class Meta:
        model = ContactRoute
        fields = ["topic", "first_contact", "answers", "last_verified", "sharing", "note"]
        widgets = {
            "answers": forms.Textarea(attrs={"rows": 2}),
            "note": forms.Textarea(attrs={"rows": 2}),
            "last_verified": DATE_WIDGET,
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["first_contact"].queryset = Person.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        )
        self.fields["first_contact"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
        self.fields["sharing"].help_text = _(
            "Only routes shared with the establishing company appear on “One way in”."
        )


class RouteStepForm(CaseItemForm):
    class Meta:
        model = RouteStep
        fields = ["order", "person", "handles", "is_fallback", "sharing"]

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["person"].queryset = Person.objects.select_related("organisation").order_by(
            "organisation__name", "name"
        )
        self.fields["person"].label_from_instance = lambda p: f"{p.name} ({p.organisation.name})"
