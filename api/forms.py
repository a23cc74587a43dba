from django import forms
from django.conf import settings
from django.core.exceptions import ValidationError
from django.utils.translation import gettext_lazy as _

from accounts import policy
from actors.models import Municipality, Region
from config import egress

from .models import EVENT_CHOICES, WebhookEndpoint


class WebhookForm(forms.ModelForm):
    url = forms.URLField(
        label=_("Address"),
        max_length=500,
        assume_scheme="https",
        help_text=_("Where the events are sent: https only."),
    )
    event_types = forms.MultipleChoiceField(
        label=_("Events"), choices=EVENT_CHOICES, widget=forms.CheckboxSelectMultiple
    )

    class Meta:
        model = WebhookEndpoint
        fields = ["description", "url", "region", "event_types", "municipalities"]
        widgets = {"municipalities": forms.CheckboxSelectMultiple}

    def __init__(self, *args, user, **kwargs):
        super().__init__(*args, **kwargs)
        regions = policy.webhook_regions(user, Region.objects.order_by("name"))
        self.fields["region"].queryset = regions
        self.fields["region"].empty_label = None
        region_id = self.data.get("region") if self.is_bound else (self.instance.region_id or None)
        if region_id is None and regions.count() == 1:
            region_id = regions.first().pk
        places = Municipality.objects.order_by("name")
        key = str(region_id or "")
        # Only a key a region could have reaches the database (a typed 10**30 would overflow it).
        self.fields["municipalities"].queryset = (
            places.filter(region_id=int(key)) if key.isdecimal() and len(key) < 10 else places.none()
        )
        self.fields["municipalities"].required = False

    def clean_url(self):
        url = self.cleaned_data["url"]
        try:
            egress.check_url(url, allowed_hosts=settings.WEBHOOK_ALLOWED_HOSTS)
        except ValidationError as exc:
            raise ValidationError(exc.messages) from None
        return url

    def clean(self):
        data = super().clean()
        region, places = data.get("region"), data.get("municipalities") or []
        if region is not None and any(m.region_id != region.pk for m in places):
            self.add_error("municipalities", _("Choose municipalities of the webhook's region."))
        return data
