"""The results' bar charts, drawn by ``documents.charts`` so the page and the report PDF show the same SVG.

Choice and scale questions: one bar per option, the share of the question's respondents on a 0–100 %
scale; when the question carries a reference figure (the 2024 survey's), each option gets a second bar
labelled with that year right under it. Number questions: one bar per band of the histogram, in counts.
Matrix questions are shown as a table only (a bar per cell would be unreadable).
"""

from __future__ import annotations

from django.utils.safestring import SafeString
from django.utils.translation import gettext

from secaction.documents.charts import Bar, bar_chart_svg

from .models import Question, Survey
from .selectors.results import QuestionResult


def reference_label(survey: Survey) -> str:
    """What the reference figures are called: 「2024年」 for the 2024 template, else 「前回」."""
    key = survey.template_key
    return gettext("%(year)s年") % {"year": key} if key.isdigit() else gettext("前回")


def question_chart(result: QuestionResult) -> SafeString | None:
    """The SVG chart of one question's result, or ``None`` for kinds without one (text, matrix)."""
    question = result.question
    if question.kind == Question.Kind.NUMBER:
        if not result.bands:
            return None
        top = max(band.count for band in result.bands) or 1
        bars = [
            Bar(label=band.label, value=band.count, max=top, value_label=str(band.count))
            for band in result.bands
        ]
        return bar_chart_svg(bars, title=result.text, description=gettext("回答の分布(件数)。"))
    if not result.options:
        return None
    this_survey, earlier = gettext("今回"), reference_label(question.survey)
    bars = []
    for option in result.options:
        value = float(option.percent or 0)
        label = f"{option.label}({this_survey})" if result.has_reference else option.label
        bars.append(
            Bar(
                label=label,
                value=value,
                max=100,
                value_label=f"{option.percent}%" if option.percent is not None else "—",
            )
        )
        if result.has_reference:
            ref = option.reference
            bars.append(
                Bar(
                    label=f"{option.label}({earlier})",
                    value=float(ref or 0),
                    max=100,
                    value_label=f"{ref}%" if ref is not None else "—",
                )
            )
    if question.kind == Question.Kind.MULTIPLE:
        description = gettext("複数回答。回答者に占める割合。")
    else:
        description = gettext("回答者に占める割合。")
    return bar_chart_svg(
        bars,
        title=result.text,
        description=description + "; ".join(f"{bar.label}: {bar.value_label}" for bar in bars),
    )
