"""Shipped survey templates: the 2024 実態調査 (key ``"2024"``) and the wizard's question (key ``"wizard"``).

The options and their reference percentages are not copied here: they are read from
``secaction.core.surveys.SURVEY_2024`` (the seed's figures the portal already shows), and this module
only maps each finding to a question and gives each option a stable key. ``Question.reference`` keeps
the seed's percentage as printed (``"75.1"``), so results can show 2024 side by side. The seed prints
no question wording; the texts below are this project's neutral wording (docs/surveys.md, "The 2024 template").

``secaction.surveys.services.survey_from_template`` turns a template into a draft survey.
"""

from __future__ import annotations

from dataclasses import dataclass, field

from secaction.core.surveys import SURVEY_2024, SurveyFinding

from .models import Question, Survey


@dataclass(frozen=True)
class TemplateOption:
    key: str
    ja: str
    en: str
    reference: str | None = None  # the 2024 percentage as printed, when the seed gives one

    def as_option(self) -> dict[str, str]:
        return {"key": self.key, "ja": self.ja, "en": self.en}


@dataclass(frozen=True)
class TemplateQuestion:
    key: str
    text_ja: str
    text_en: str
    options: tuple[TemplateOption, ...]
    kind: str = Question.Kind.MULTIPLE
    finding: int | None = None  # the number of the 2024 finding the options come from

    @property
    def reference(self) -> dict[str, str]:
        return {o.key: o.reference for o in self.options if o.reference is not None}


@dataclass(frozen=True)
class SurveyTemplate:
    key: str
    kind: str
    title_ja: str
    title_en: str
    intro_ja: str
    intro_en: str
    questions: tuple[TemplateQuestion, ...]
    attributes: tuple[str, ...] = field(default=Survey.ATTRIBUTES)


# Stable option keys for each finding's answers, in the seed's order (they are what answers store).
OPTION_KEYS: dict[int, tuple[str, ...]] = {
    1: ("subsidy", "improve", "business"),
    2: ("management_awareness", "employee_awareness", "partner_trust"),
    3: ("training", "outside_services", "none", "dont_know"),
    4: ("people", "knowledge", "awareness"),
}
# Not in the seed: the report had more answers than the seed prints, so respondents get a way out.
OTHER = TemplateOption("other", "その他", "Other")


def _finding(number: int) -> SurveyFinding:
    return next(f for f in SURVEY_2024.findings if f.number == number)


def _seed_options(number: int) -> tuple[TemplateOption, ...]:
    """The finding's answers as options: the seed's labels exactly, the project's English, 2024's percentages."""
    answers = _finding(number).answers
    keys = OPTION_KEYS[number]
    assert len(keys) == len(answers), "one key per answer of the finding"
    return tuple(
        TemplateOption(k, a.label, a.label_en, a.percent) for k, a in zip(keys, answers, strict=True)
    )


def _question(key: str, number: int, text_ja: str, text_en: str) -> TemplateQuestion:
    return TemplateQuestion(key, text_ja, text_en, (*_seed_options(number), OTHER), finding=number)


ALL_THAT_APPLY_JA = "当てはまるものをすべて選んでください。"
ALL_THAT_APPLY_EN = "Choose all that apply."

TEMPLATE_2024 = SurveyTemplate(
    key="2024",
    kind=Survey.Kind.INVITATION,
    title_ja=SURVEY_2024.title,
    title_en=SURVEY_2024.title_en,
    intro_ja="SECURITY ACTIONを宣言している事業者の皆さまに、宣言のきっかけ、効果、取組み、問題点を伺います。"
    "2024年の調査と比べ、今後の支援の参考にします。回答は数分で終わります。",
    intro_en="We ask SECURITY ACTION declarers what led them to declare, its effects, their measures and their "
    "problems, to compare with the 2024 survey and plan future support. It takes a few minutes.",
    questions=(
        _question(
            "reasons",
            1,
            "SECURITY ACTIONを宣言したきっかけは何ですか。" + ALL_THAT_APPLY_JA,
            "What led you to declare SECURITY ACTION? " + ALL_THAT_APPLY_EN,
        ),
        _question(
            "effects",
            2,
            "SECURITY ACTIONを宣言して、どのような効果がありましたか。" + ALL_THAT_APPLY_JA,
            "What effects has declaring SECURITY ACTION had? " + ALL_THAT_APPLY_EN,
        ),
        _question(
            "measures",
            3,
            "1年以内に実施した、または1年以内に実施を予定している情報セキュリティ対策はどれですか。"
            + ALL_THAT_APPLY_JA,
            "Which information security measures have you carried out in the past year, or plan to carry out "
            "within a year? " + ALL_THAT_APPLY_EN,
        ),
        _question(
            "problems",
            4,
            "情報セキュリティ対策を進める上での問題点は何ですか。" + ALL_THAT_APPLY_JA,
            "What problems do you have in moving information security forward? " + ALL_THAT_APPLY_EN,
        ),
    ),
)

# The wizard's short question: the 2024 reasons (same keys, so figures compare), one reason the older
# application flow offered that the seed does not print (a partner asked for it), and その他.
TEMPLATE_WIZARD = SurveyTemplate(
    key="wizard",
    kind=Survey.Kind.WIZARD,
    title_ja="宣言のきっかけ",
    title_en="What led you to declare",
    intro_ja="今後の支援の参考にするため、宣言のきっかけを伺います。回答は任意で、宣言の内容には影響しません。",
    intro_en="To plan future support, we ask what led you to declare. Answering is optional and does not "
    "affect your declaration.",
    questions=(
        TemplateQuestion(
            "reason",
            "SECURITY ACTIONを宣言するきっかけは何ですか。" + ALL_THAT_APPLY_JA,
            "What led you to declare SECURITY ACTION? " + ALL_THAT_APPLY_EN,
            (
                *_seed_options(1),
                TemplateOption(
                    "partner_request", "取引先から宣言を求められた", "A business partner asked us to"
                ),
                OTHER,
            ),
            finding=1,
        ),
    ),
)

TEMPLATES: dict[str, SurveyTemplate] = {t.key: t for t in (TEMPLATE_2024, TEMPLATE_WIZARD)}
