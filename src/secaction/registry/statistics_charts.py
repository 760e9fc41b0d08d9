"""SVG charts of the registry statistics, drawn with ``documents.charts`` so a PDF could reuse them.

The page shows the same numbers in tables next to the charts; these are the visual version.
"""

from __future__ import annotations

import datetime as dt
import math

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from secaction.documents.charts import Bar, Series, bar_chart_svg, line_chart_svg

from .selectors import JAPAN, RegistryStatistics


def nice_ceiling(value: float) -> int:
    """The smallest of 1, 2, 5 × 10ⁿ (n ≥ 0) that is at least ``value``; 1 for zero or less.

    The line chart's top, so its gridlines at quarters fall on round numbers often enough.
    """
    if value <= 1:
        return 1
    power = 10 ** math.floor(math.log10(value))
    for step in (1, 2, 5, 10):
        if step * power >= value:
            return int(step * power)
    return int(10 * power)  # pragma: no cover - the loop always returns


def month_chart_svg(stats: RegistryStatistics) -> SafeString:
    """New (still active) declarations per month: one line per level and one for both."""

    def points(attr: str) -> tuple[tuple[dt.datetime, float], ...]:
        return tuple(
            (dt.datetime.combine(m.month, dt.time(), tzinfo=JAPAN), float(getattr(m.counts, attr)))
            for m in stats.by_month
        )

    top = nice_ceiling(max((m.counts.total for m in stats.by_month), default=0))
    first, last = stats.by_month[0].month, stats.by_month[-1].month
    return line_chart_svg(
        [
            Series(_("合計"), points("total")),
            Series(_("一つ星"), points("one_star")),
            Series(_("二つ星"), points("two_star")),
        ],
        title=_("月ごとの新しい宣言数"),
        description=_(
            "%(first)s から %(last)s までの月ごとの宣言数(現在も宣言中のもの)。数値は下の表にあります。"
        )
        % {"first": first.strftime("%Y-%m"), "last": last.strftime("%Y-%m")},
        y_min=0,
        y_max=top,
        gridlines=[top / 4, top / 2, top * 3 / 4] if top >= 4 else [],
        width=640,
        height=300,
        date_format="%Y-%m",
    )


def industry_chart_svg(stats: RegistryStatistics) -> SafeString:
    """Active declarations per industry (both levels), one bar each on a common scale."""
    top = max((r.counts.total for r in stats.by_industry), default=0) or 1
    return bar_chart_svg(
        [Bar(r.label, r.counts.total, top, value_label=f"{r.counts.total:,}") for r in stats.by_industry],
        title=_("業種別の宣言中の事業者数"),
        width=640,
    )
