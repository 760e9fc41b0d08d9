from typing import Any

from django import template

from secaction.diagnosis.models import Assessment
from secaction.diagnosis.scoring import band_by_id

register = template.Library()


@register.simple_tag
def diagnosis_panel(organization: Any) -> dict[str, Any]:
    """What the My Page panel shows: the latest result, its band, the last five, how many units."""
    if organization is None:
        return {"latest": None}
    recent = list(Assessment.objects.filter(organization=organization).order_by("-taken_at", "-id")[:5])
    latest = recent[0] if recent else None
    units = Assessment.objects.filter(organization=organization).values("unit_name").distinct().count()
    return {
        "latest": latest,
        "band": band_by_id(latest.band) if latest else None,
        "recent": recent,
        "units": units,
    }
