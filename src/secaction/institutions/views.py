"""The institutions' portal: what an institution's contacts see when they sign in.

Views are thin: the decorator finds the institution, a selector reads, the template renders.
"""

from __future__ import annotations

import datetime as dt

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.utils.translation import gettext as _

from secaction.documents.charts import Series, line_chart_svg

from .models import Institution
from .selectors import USAGE_PERIODS, Usage, institution_portal_get, usage_period_parse
from .web import institution_contact_required


def _ceiling(value: float) -> float:
    """The smallest 1, 2 or 5 times a power of ten at or above ``value`` (at least 1): a readable axis top."""
    step = 1.0
    while True:
        for m in (1, 2, 5):
            if m * step >= value:
                return m * step
        step *= 10


def usage_chart_svg(usage: Usage) -> str:
    """Requests per day over the whole period (days without use at 0) as the project's SVG line chart.

    "" when there was no use at all; the table beside it has the numbers.
    """
    if not usage.per_day:
        return ""
    by_day = {d.day: d.requests for d in usage.per_day}
    days = [usage.since + dt.timedelta(days=n) for n in range(usage.days)]
    points = [(dt.datetime.combine(day, dt.time()), float(by_day.get(day, 0))) for day in days]
    top = _ceiling(max(v for _t, v in points))
    return line_chart_svg(
        [Series(name=_("リクエスト数"), points=points)],
        title=_("日別のリクエスト数"),
        description=_("過去%(days)d日間の日別のリクエスト数") % {"days": usage.days},
        y_min=0,
        y_max=top,
        gridlines=[top / 2],
        width=640,
        height=240,
    )


@institution_contact_required
def portal_home(request: HttpRequest, *, institution: Institution) -> HttpResponse:
    data = institution_portal_get(institution, days=usage_period_parse(request.GET.get("days")))
    return render(
        request,
        "institutions/home.html",
        {
            "portal": data,
            "usage_chart": usage_chart_svg(data.usage),
            "periods": USAGE_PERIODS,
            "office_contact": settings.INSTITUTIONS_OFFICE_CONTACT,
        },
    )
