"""The competence picture's traffic lights as last told to other systems, one per region and
occupation, so that a change of light is noticed (``competence.picture.services.lights_refresh``)."""

from django.db import models
from django.utils import timezone
from django.utils.translation import gettext_lazy as _

from .semafor import Light


class PictureLight(models.Model):
    """An occupation's light in a region's shared picture (``selectors.shared_picture``); blank once
    the occupation has no demand there any more."""

    region = models.ForeignKey(
        "actors.Region", on_delete=models.CASCADE, related_name="+", verbose_name=_("region")
    )
    occupation = models.ForeignKey(
        "competence.Occupation", on_delete=models.CASCADE, related_name="+", verbose_name=_("occupation")
    )
    light = models.CharField(_("light"), max_length=4, choices=Light.choices, blank=True)
    changed_at = models.DateTimeField(_("changed"), default=timezone.now)

    class Meta:
        verbose_name = _("traffic light of the competence picture")
        verbose_name_plural = _("traffic lights of the competence picture")
        constraints = [
            models.UniqueConstraint(fields=["region", "occupation"], name="competence_picture_light_unique")
        ]

    def __str__(self):
        return f"{self.region_id}/{self.occupation_id}: {self.light or '-'}"
