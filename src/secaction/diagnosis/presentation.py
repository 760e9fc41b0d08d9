"""What the result pages and the PDF show, built from answers. Shared so page and PDF never disagree."""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

from django.utils import timezone
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from secaction.documents.charts import Bar, Series, bar_chart_svg, line_chart_svg

from .bank import edition
from .models import Assessment
from .scoring import BANDS, Score, diagnosis_score, items_to_improve


def parts_chart(score: Score) -> SafeString:
    return bar_chart_svg(
        [
            Bar(
                label=gettext("%(n)s. %(title)s") % {"n": p.number, "title": p.title_display},
                value=p.score,
                max=p.max,
                min=p.min,
                value_label=f"{p.score} / {p.max}",
            )
            for p in score.parts
        ]
        + [
            Bar(
                label=gettext("合計"),
                value=score.total,
                max=score.max_total,
                min=score.min_total,
                value_label=f"{score.total} / {score.max_total}",
            )
        ],
        title=gettext("分野別の点数"),
    )


def result_context(answers: Mapping[int, str], edition_id: str) -> dict[str, Any]:
    """Everything a result shows: score, band, chart, every answer, and what to improve (weakest first)."""
    ed = edition(edition_id)
    score = diagnosis_score(answers, edition_id)
    rows = [{"item": item, "answer": ed.answer(answers[item.number])} for item in ed.items]
    return {
        "edition": ed,
        "score": score,
        "band": score.band,
        "bands": BANDS,
        "parts_chart": parts_chart(score),
        "to_improve": items_to_improve(answers, edition_id),
        "rows": rows,
        "answers": answers,
    }


def history_chart(assessments: Iterable[Assessment]) -> SafeString:
    """The total over time, one line per unit ("" is shown as the whole organisation)."""
    by_unit: dict[str, list[tuple[Any, float]]] = {}
    for a in assessments:
        by_unit.setdefault(a.unit_name, []).append((timezone.localtime(a.taken_at), a.total))
    series = [
        Series(name=name or gettext("全社"), points=sorted(points))
        for name, points in sorted(by_unit.items())
    ]
    return line_chart_svg(
        series,
        title=gettext("合計点の推移"),
        description=gettext("診断ごとの合計点(-25〜100点)。点線は評価の区切り(50点・70点)です。"),
        y_min=-25,
        y_max=100,
        gridlines=(0, 50, 70),
    )
