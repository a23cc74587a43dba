"""Moment 4, kontaktvägar: whom the establishing company calls about a topic, and the referral chain
behind that person (*hänvisning*)."""

from django.core.exceptions import ValidationError
from django.core.validators import MaxValueValidator, MinValueValidator
from django.db import models
from django.utils.translation import gettext_lazy as _

from config.fields import BoundedTextField
from workspace.core.models import CaseItem


class RouteTopic(models.TextChoices):
    """What the establishing company calls about."""

    SKILLS = "kompetensforsorjning", _("Skills supply")
    LAND_PERMITS = "mark_tillstand", _("Land and permits")
    POWER_WATER = "el_vatten", _("Power and water")
    HOUSING = "bostader", _("Housing")
    COMMUNICATION = "kommunikation", _("Communication and media")
    SCHOOLS = "skola", _("School and preschool")
    TRANSPORT = "transporter", _("Transport")
    OTHER = "ovrigt", _("Other")


class ContactRoute(CaseItem):
    """Whom the establishing company calls first about a topic, and what that person can answer."""

    topic = models.CharField(_("topic"), max_length=24, choices=RouteTopic.choices)
    first_contact = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("first contact")
    )
    answers = BoundedTextField(_("what this person can answer"), max_length=2000)
    last_verified = models.DateField(_("last verified"), null=True, blank=True)
    note = BoundedTextField(
        _("internal note"),
        max_length=2000,
        blank=True,
        help_text=_("Never shown to the company, whatever the route's sharing."),
    )

    class Meta:
        ordering = ["topic", "pk"]
        verbose_name = _("contact route")
        verbose_name_plural = _("contact routes")

    def __str__(self):
        return f"{self.get_topic_display()}: {self.first_contact}"


class RouteStep(CaseItem):
    """One step of a route's referral chain (*hänvisning*): who takes the ball next, in order."""

    route = models.ForeignKey(
        ContactRoute, on_delete=models.CASCADE, related_name="steps", verbose_name=_("contact route")
    )
    order = models.PositiveSmallIntegerField(
        _("order"), default=1, validators=[MinValueValidator(1), MaxValueValidator(99)]
    )
    person = models.ForeignKey(
        "actors.Person", on_delete=models.PROTECT, related_name="+", verbose_name=_("person")
    )
    handles = models.CharField(_("what they handle"), max_length=300)
    is_fallback = models.BooleanField(
        _("fallback"), default=False, help_text=_("Takes over when the people before cannot be reached.")
    )

    class Meta:
        ordering = ["order", "pk"]
        verbose_name = _("referral step")
        verbose_name_plural = _("referral steps")

    def __str__(self):
        return f"{self.order}. {self.person}"

    def clean(self):
        super().clean()
        if self.route_id and self.case_id and self.route.case_id != self.case_id:
            raise ValidationError({"route": _("The step must belong to a route of the same case.")})
