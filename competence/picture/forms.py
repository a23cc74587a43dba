from django import forms
from django.utils.translation import gettext_lazy as _

from establishments.models import Phase

from .selectors import MAX_YEARS, Filters

YEAR = {"min_value": 2000, "max_value": 2100}


class PictureFilterForm(forms.Form):
    """The picture's filters. The municipalities offered are the region's, by their SCB code."""

    municipality = forms.ModelChoiceField(
        label=_("Municipality"),
        required=False,
        queryset=None,
        to_field_name="code",
        empty_label=_("The whole region"),
    )
    sector = forms.CharField(label=_("Sector"), required=False, max_length=100)
    phase = forms.ChoiceField(
        label=_("Case phase"),
        required=False,
        choices=[("", _("Every phase but lost"))] + Phase.choices,
    )
    year_from = forms.IntegerField(label=_("From year"), required=False, **YEAR)
    year_to = forms.IntegerField(label=_("To year"), required=False, **YEAR)
    shortage_only = forms.BooleanField(label=_("Only shortage occupations"), required=False)

    def __init__(self, *args, region, **kwargs):
        super().__init__(*args, **kwargs)
        self.fields["municipality"].queryset = region.municipalities.order_by("name")
        for name in ("year_from", "year_to"):
            self.fields[name].widget.attrs.update({"inputmode": "numeric", "size": 6})

    def clean_sector(self):
        return self.cleaned_data["sector"].strip()

    def clean(self):
        data = super().clean()
        start, end = data.get("year_from"), data.get("year_to")
        if start and end:
            if end < start:
                self.add_error("year_to", _("The last year comes before the first."))
            elif end - start >= MAX_YEARS:
                self.add_error("year_to", _("Show at most %(n)d years at a time.") % {"n": MAX_YEARS})
        return data

    def filters(self) -> Filters:
        """The filters to apply: none of a field that did not validate (the page says why)."""
        data = self.cleaned_data if self.is_bound else {}
        return Filters(
            municipality=data.get("municipality"),
            sector=data.get("sector") or "",
            phase=data.get("phase") or "",
            year_from=data.get("year_from"),
            year_to=data.get("year_to"),
            shortage_only=bool(data.get("shortage_only")),
        )
