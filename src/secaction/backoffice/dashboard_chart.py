"""The dashboard's 12-month chart of new declarations, drawn with ``documents.charts`` like the statistics page."""

from __future__ import annotations

import datetime as dt

from django.utils.safestring import SafeString
from django.utils.translation import gettext as _

from secaction.documents.charts import Series, line_chart_svg
from secaction.registry.statistics_charts import nice_ceiling

from .selectors import JAPAN, MonthCount


def new_declarations_chart_svg(by_month: tuple[MonthCount, ...]) -> SafeString:
    """One line per level and one for both; the same numbers are in the table under the chart."""

    def points(values: list[int]) -> tuple[tuple[dt.datetime, float], ...]:
        return tuple(
            (dt.datetime.combine(m.month, dt.time(), tzinfo=JAPAN), float(v))
            for m, v in zip(by_month, values, strict=True)
        )

    totals = [m.one_star + m.two_star for m in by_month]
    top = nice_ceiling(max(totals, default=0))
    return line_chart_svg(
        [
            Series(_("合計"), points(totals)),
            Series(_("一つ星"), points([m.one_star for m in by_month])),
            Series(_("二つ星"), points([m.two_star for m in by_month])),
        ],
        title=_("過去12か月の新しい宣言数"),
        description=_("月ごとの新しい宣言数(旧システムからの移行分を除く)。数値は下の表にあります。"),
        y_min=0,
        y_max=top,
        gridlines=[top / 4, top / 2, top * 3 / 4] if top >= 4 else [],
        width=640,
        height=280,
        date_format="%Y-%m",
    )
