"""Forms of a case's contact routes (edited inline, see workspace.core.views)."""

from django import forms
from django.utils.translation import gettext_lazy as _

from actors.models import Person
from config.forms import DATE_WIDGET
from workspace.core.forms import CaseItemForm

from .models import ContactRoute, RouteStep


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
