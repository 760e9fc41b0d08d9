"""The logo-mark steps and the FAQ as this portal runs them, by the office's review mode.

The seed's STEP 3 / STEP 4 texts and its FAQ answer on the time to acceptance
describe the programme with a review by the office ("reviewed" mode): in that
mode they are shown verbatim. In "immediate" mode (the default) the portal
issues the declaration ID and opens the logo download on submission, so those
texts would promise a wait that does not happen; they are replaced by this
project's own words and flagged ``portal_own`` so the page can mark them as the
portal's procedure rather than the programme's.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass

from django.utils import translation
from django.utils.translation import gettext

from secaction.core.programme import LOGO_STEPS, FaqEntry
from secaction.declarations.models import ReviewMode


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


@dataclass(frozen=True)
class StepText:
    number: int
    title: str
    description: str
    portal_own: bool  # this project's words (immediate mode), not the seed's


def _immediate_step_description(number: int) -> str | None:
    if number == 3:
        return gettext(
            "このポータルでは、STEP2 の申込みを終えるとその場で自己宣言 ID が発行され、画面に表示されます。"
            "同じ内容を「自己宣言完了のお知らせ」メールでもお送りします。"
        )
    if number == 4:
        return gettext(
            "このポータルでは、自己宣言 ID の発行と同時に、マイページの「ロゴマーク」からロゴマークを"
            "ダウンロードできます。ダウンロード方法は「自己宣言完了のお知らせ」メールにも書いてあります。"
        )
    return None


def logo_steps(review_mode: str) -> list[StepText]:
    """STEP 1–4 in the current language: the seed's texts, except STEP 3–4 in immediate mode."""
    english = _english()
    steps = []
    for step in LOGO_STEPS:
        own = _immediate_step_description(step.number) if review_mode == ReviewMode.IMMEDIATE else None
        seed = step.description_en if english else step.description
        steps.append(
            StepText(
                number=step.number,
                title=step.title_en if english else step.title,
                description=own or seed,
                portal_own=own is not None,
            )
        )
    return steps


@dataclass(frozen=True)
class FaqAnswer:
    entry: FaqEntry
    question: str
    answer: tuple[str, ...]
    portal_own: bool  # the answer is this project's (immediate mode), the question stays the seed's


def faq_answers(entries: Iterable[FaqEntry], review_mode: str) -> list[FaqAnswer]:
    """The FAQ in the current language; the answer on timing follows the mode (see the module docstring)."""
    english = _english()
    answers = []
    for entry in entries:
        seed = entry.answer_en if english else entry.answer
        if entry.key == "timing" and review_mode == ReviewMode.IMMEDIATE:
            own: tuple[str, ...] = (
                gettext(
                    "このポータルでは、申込みはその場で受理されます。申込みを終えるとすぐに自己宣言 ID が発行され、"
                    "「自己宣言完了のお知らせ」メールで自己宣言 ID とロゴマークのダウンロード方法をお知らせします。"
                ),
                gettext("ロゴマークは、待たずにマイページの「ロゴマーク」からダウンロードできます。"),
            )
            answers.append(FaqAnswer(entry, entry.question_en if english else entry.question, own, True))
        else:
            answers.append(FaqAnswer(entry, entry.question_en if english else entry.question, seed, False))
    return answers
