"""What the survey page shows, built from the programme's survey facts (``secaction.core.surveys``)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import translation
from django.utils.safestring import SafeString
from django.utils.translation import gettext

from secaction.core.surveys import SurveyFinding
from secaction.documents.charts import Bar, bar_chart_svg


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


@dataclass(frozen=True)
class FindingView:
    finding: SurveyFinding
    chart: SafeString


def survey_finding_chart(finding: SurveyFinding) -> SafeString:
    """One bar per answer the seed gives, on a 0–100% scale, labelled with the percentage as printed.

    The answers come from multiple-answer questions, so the bars are shares of
    respondents and are not meant to add up to 100%.
    """
    english = _english()
    bars = [
        Bar(
            label=answer.label_en if english else answer.label,
            value=answer.value,
            max=100,
            value_label=f"{answer.percent}%",
        )
        for answer in finding.answers
    ]
    return bar_chart_svg(
        bars,
        title=finding.caption_en if english else finding.caption,
        description=gettext("複数回答。回答者に占める割合。")
        + "; ".join(f"{bar.label}: {bar.value_label}" for bar in bars),
    )


def survey_findings_view(findings: tuple[SurveyFinding, ...]) -> list[FindingView]:
    return [FindingView(finding, survey_finding_chart(finding)) for finding in findings]
