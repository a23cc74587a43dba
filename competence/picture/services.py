"""Noticing that an occupation's traffic light has changed, and saying so (``competence.light_changed``,
heard by the API's webhooks).

The light compared is that of the region's *shared* picture (``selectors.SHARED``): the gaps of the
cases that are not confidential, at the levels shared beyond the case's own staff, over the picture's
default years, against the region's offerings and the barometer. A user's own picture may show more
(the confidential cases they are granted); another system is told only this one. Each refresh
compares it with the lights last stored (``PictureLight``) and emits one event per occupation whose
light changed, appeared or went out; a region's first refresh only records its lights.
"""

from __future__ import annotations

from django.db import transaction
from django.db.models import Q
from django.utils import timezone

from actors.models import Region
from config import events

from ..models import CompetenceGap
from .models import PictureLight
from .selectors import SHARED, Filters, regional_picture


@transaction.atomic
def lights_refresh(region: Region) -> int:
    """Compare the region's shared picture with the lights last stored; store the new ones and emit an
    event for each change. Returns the number of changes told."""
    rows = {
        row.occupation.pk: row for row in regional_picture(user=SHARED, region=region, filters=Filters()).rows
    }
    stored = {
        p.occupation_id: p
        for p in PictureLight.objects.select_for_update().filter(region=region).select_related("occupation")
    }
    first = not stored
    now = timezone.now()
    new, changed, told = [], [], []
    for occupation_id, row in rows.items():
        light = row.light.value
        before = stored.get(occupation_id)
        if before is None:
            new.append(PictureLight(region=region, occupation=row.occupation, light=light, changed_at=now))
            told.append(("", row.occupation, row))
        elif before.light != light:
            told.append((before.light, row.occupation, row))
            before.light, before.changed_at = light, now
            changed.append(before)
    for occupation_id, before in stored.items():
        if occupation_id not in rows and before.light:
            told.append((before.light, before.occupation, None))
            before.light, before.changed_at = "", now
            changed.append(before)
    PictureLight.objects.bulk_create(new)
    PictureLight.objects.bulk_update(changed, ["light", "changed_at"])
    if first:
        return 0
    for previous, occupation, row in told:
        events.emit(
            "competence.light_changed", region=region, occupation=occupation, previous=previous, row=row
        )
    return len(told)


def regions_to_refresh():
    """The regions with demand in a case, or with lights stored (whose demand may have gone)."""
    with_gaps = CompetenceGap.objects.values("case__region_id")
    with_lights = PictureLight.objects.values("region_id")
    return Region.objects.filter(Q(pk__in=with_gaps) | Q(pk__in=with_lights)).order_by("code")
