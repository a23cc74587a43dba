"""Forms of the lessons (routine 10): writing one, and filtering the library."""

from __future__ import annotations

from django import forms
from django.utils.translation import gettext_lazy as _

from accounts import policy
from accounts.models import Sharing
from actors.forms import regions_own_first
from actors.models import Region
from establishments.models import Theme

from .models import Lesson


class LessonForm(forms.ModelForm):
    themes = forms.MultipleChoiceField(
        label=_("Blueprint themes"),
        choices=Theme.choices,
        widget=forms.CheckboxSelectMultiple,
        help_text=_("What the lesson is about; at least one."),
        error_messages={
            "required": _("Choose at least one theme."),
            "invalid_choice": _("Unknown theme."),
        },
    )

    class Meta:
        model = Lesson
        fields = ["what_worked", "what_did_not", "do_differently", "sharing"]
        widgets = {
            "what_worked": forms.Textarea(attrs={"rows": 4}),
            "what_did_not": forms.Textarea(attrs={"rows": 4}),
            "do_differently": forms.Textarea(attrs={"rows": 4}),
        }
        help_texts = {
            "what_worked": _("A few sentences; at most 2,000 characters."),
            "what_did_not": _("A few sentences; at most 2,000 characters."),
            "do_differently": _("What the next case should do; at most 2,000 characters."),
            "sharing": _("Who may read the lesson, in the lessons library and on the case's page."),
        }

    def __init__(self, *args, **kwargs):
        super().__init__(*args, **kwargs)
        # Chosen as a workspace item's sharing is (workspace.core.forms.CaseItemForm): the same
        # labels, as radio buttons; internal unless the writer chooses otherwise.
        self.fields["sharing"].widget = forms.RadioSelect(choices=Sharing.choices)
        self.fields["sharing"].choices = Sharing.choices
        if self.instance.pk and not self.is_bound:
            self.initial["themes"] = [t.theme for t in self.instance.themes.all()]


class LessonFilterForm(forms.Form):
    q = forms.CharField(label=_("Search"), required=False, max_length=100)
    theme = forms.ChoiceField(
        label=_("Theme"), required=False, choices=[("", _("All themes"))] + Theme.choices
    )
    region = forms.ModelChoiceField(
        label=_("Region"),
        required=False,
        queryset=Region.objects.order_by("name"),
        empty_label=_("All regions"),
    )

    def __init__(self, *args, user=None, **kwargs):
        super().__init__(*args, **kwargs)
        if user is not None:  # the library is national; its region filter starts from the user's own
            self.fields["region"].choices = regions_own_first(policy.region_id_of(user))

    def clean_q(self):
        return self.cleaned_data["q"].strip()
