"""Forms of a case's actor map (edited inline, see workspace.core.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Organisation, Person
from establishments.models import CaseMember, Theme

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
