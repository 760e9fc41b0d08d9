"""Pure scoring of the self-diagnosis: validation, totals, bands, comparison, combination.

Nothing here touches the database or the request; every function takes plain
answers (item number → "yes" / "partial" / "no" / "unknown") and an edition id.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.functional import Promise
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from .bank import ANSWER_VALUES, CURRENT_EDITION, Answer, Edition, Item, _english, edition

Answers = Mapping[int, str]


# --- validation ---------------------------------------------------------------


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a set of answers. ``key`` is the item as given by the caller."""

    code: str  # "missing" | "extra" | "invalid_value" | "duplicate"
    key: str
    value: Any = None

    @property
    def message(self) -> str:
        if self.code == "missing":
            return gettext("No.%(item)s の回答がありません。") % {"item": self.key}
        if self.code == "extra":
            return gettext("「%(item)s」という項目はありません(項目は No.1〜25 です)。") % {"item": self.key}
        if self.code == "duplicate":
            return gettext("No.%(item)s の回答が2回以上あります。") % {"item": self.key}
        return gettext(
            "No.%(item)s の回答「%(value)s」は使えません。yes、partial、no、unknown のいずれかにしてください。"
        ) % {"item": self.key, "value": self.value}


class AnswersInvalid(ValueError):
    """The answers cannot be scored; ``problems`` names every problem found."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("; ".join(p.message for p in problems))


def _item_number(key: Any, valid: set[int]) -> int | None:
    """The item number a key stands for (1, "1"), or None if it names no item of the edition."""
    if isinstance(key, bool):
        return None
    if isinstance(key, int):
        number = key
    elif isinstance(key, str) and key.isascii() and key.isdigit() and str(int(key)) == key:
        number = int(key)
    else:
        return None
    return number if number in valid else None


def answers_validate(
    raw: Mapping[Any, Any], edition_id: str = CURRENT_EDITION
) -> tuple[dict[int, str], list[Problem]]:
    """Check a full set of answers. Returns (clean answers, problems); problems list every fault.

    Faults: an item of the edition without an answer, a key that is no item of
    the edition, a value other than yes/partial/no/unknown, one item given twice.
    """
    ed = edition(edition_id)
    numbers = {item.number for item in ed.items}
    clean: dict[int, str] = {}
    problems: list[Problem] = []
    for key, value in raw.items():
        number = _item_number(key, numbers)
        if number is None:
            problems.append(Problem("extra", str(key)))
            continue
        if number in clean or any(p.key == str(number) and p.code == "invalid_value" for p in problems):
            problems.append(Problem("duplicate", str(number)))
            continue
        if not isinstance(value, str) or value not in ANSWER_VALUES:
            problems.append(Problem("invalid_value", str(number), value))
            continue
        clean[number] = value
    given = set(clean) | {int(p.key) for p in problems if p.code in ("invalid_value", "duplicate")}
    problems.extend(Problem("missing", str(n)) for n in sorted(numbers - given))
    return clean, problems


def answers_parse(raw: Mapping[Any, Any], edition_id: str = CURRENT_EDITION) -> dict[int, str]:
    """Clean answers, or ``AnswersInvalid`` naming every problem."""
    clean, problems = answers_validate(raw, edition_id)
    if problems:
        raise AnswersInvalid(problems)
    return clean


# --- bands ------------------------------------------------------------------------


@dataclass(frozen=True)
class Band:
    """A score band. The limits are the programme's 100-point scale; titles and advice are this project's."""

    id: str
    low: int
    high: int
    title: str | Promise
    advice: str | Promise

    @property
    def range_label(self) -> str:
        if self.low == self.high:
            return gettext("%(n)s点") % {"n": self.high}
        return gettext("%(low)s〜%(high)s点") % {"low": self.low, "high": self.high}


BANDS: tuple[Band, ...] = (
    Band(
        "perfect",
        100,
        100,
        _("すべての対策ができています"),
        _(
            "すばらしい状態です。この状態を保つため、年に一度はこの診断をやり直し、人の出入りや新しい機器・"
            "サービスを使い始めたときにも社内のルールを見直しましょう。"
        ),
    ),
    Band(
        "good",
        70,
        99,
        _("おおむねできています"),
        _(
            "基本はできています。下の「これから取り組むこと」を一つずつ片付けて100点を目指しましょう。"
            "項目ごとに担当者と期限を決めると進めやすくなります。"
        ),
    ),
    Band(
        "fair",
        50,
        69,
        _("抜けている対策があります"),
        _(
            "対策に抜けがあり、事故につながるおそれがあります。まず「基本的対策」(No.1〜5)の弱いところから"
            "手を付け、次に従業員・組織としての対策に進みましょう。1か月後にもう一度診断すると進み具合がわかります。"
        ),
    ),
    Band(
        "weak",
        -25,
        49,
        _("早めの対策が必要です"),
        _(
            "今のままでは、ウイルス感染や情報漏えいが起きやすい状態です。まず情報セキュリティ5か条"
            "(OSの更新、ウイルス対策ソフト、パスワード、共有設定、手口を知る)から始めてください。"
            "「わからない」と答えた項目は、社内の詳しい人や付き合いのあるシステム会社に確かめましょう。"
        ),
    ),
)


def band_for_total(total: int) -> Band:
    """The band a total falls in; ``ValueError`` outside −25..100."""
    for band in BANDS:
        if band.low <= total <= band.high:
            return band
    raise ValueError(f"total {total} is outside -25..100")


def band_by_id(band_id: str) -> Band:
    for band in BANDS:
        if band.id == band_id:
            return band
    raise KeyError(band_id)


# --- scores -----------------------------------------------------------------------


@dataclass(frozen=True)
class PartScore:
    number: int
    title: str
    title_en: str
    score: int
    max: int
    min: int

    @property
    def title_display(self) -> str:
        return self.title_en if _english() else self.title


@dataclass(frozen=True)
class Score:
    edition: str
    total: int
    max_total: int
    min_total: int
    band: Band
    parts: tuple[PartScore, ...]

    def parts_json(self) -> list[dict[str, Any]]:
        return [{"part": p.number, "title": p.title, "score": p.score, "max": p.max} for p in self.parts]


def diagnosis_score(answers: Answers, edition_id: str = CURRENT_EDITION) -> Score:
    """Total, band and part subtotals of a complete set of answers (``AnswersInvalid`` otherwise)."""
    clean = answers_parse(answers, edition_id)
    ed = edition(edition_id)
    points = ed.points
    parts = tuple(
        PartScore(
            number=part.number,
            title=part.title,
            title_en=part.title_en,
            score=sum(points[clean[item.number]] for item in part.items),
            max=part.max_score,
            min=part.min_score,
        )
        for part in ed.parts
    )
    total = sum(p.score for p in parts)
    return Score(
        edition=ed.id,
        total=total,
        max_total=ed.max_total,
        min_total=ed.min_total,
        band=band_for_total(total),
        parts=parts,
    )


# --- guidance, comparison, combination -----------------------------------------


@dataclass(frozen=True)
class ItemAnswer:
    item: Item
    answer: Answer


def items_to_improve(answers: Answers, edition_id: str = CURRENT_EDITION) -> list[ItemAnswer]:
    """Items not fully done (partial, no, unknown), weakest first (by points, then item number)."""
    ed = edition(edition_id)
    best = max(a.points for a in ed.answers)
    weak = [
        ItemAnswer(item, ed.answer(answers[item.number]))
        for item in ed.items
        if item.number in answers and ed.answer(answers[item.number]).points < best
    ]
    return sorted(weak, key=lambda ia: (ia.answer.points, ia.item.number))


@dataclass(frozen=True)
class Change:
    item: Item
    before: Answer
    after: Answer


@dataclass(frozen=True)
class Comparison:
    total_before: int
    total_after: int
    improved: tuple[Change, ...]
    worsened: tuple[Change, ...]

    @property
    def delta(self) -> int:
        return self.total_after - self.total_before


def answers_compare(before: Answers, after: Answers, edition_id: str = CURRENT_EDITION) -> Comparison:
    """Which items scored more (improved) or fewer (worsened) points between two complete answer sets."""
    ed = edition(edition_id)
    improved: list[Change] = []
    worsened: list[Change] = []
    for item in ed.items:
        was, now = ed.answer(before[item.number]), ed.answer(after[item.number])
        if now.points > was.points:
            improved.append(Change(item, was, now))
        elif now.points < was.points:
            worsened.append(Change(item, was, now))
    return Comparison(
        total_before=diagnosis_score(before, edition_id).total,
        total_after=diagnosis_score(after, edition_id).total,
        improved=tuple(improved),
        worsened=tuple(worsened),
    )


def answers_combine(answer_sets: Iterable[Answers], edition_id: str = CURRENT_EDITION) -> dict[int, str]:
    """Per item, the weakest answer (fewest points) across several complete answer sets.

    The organisation is only as strong as its weakest unit on each measure, so
    the combined answers never claim more than every unit can. ``ValueError``
    if no answer set is given.
    """
    ed = edition(edition_id)
    sets = [answers_parse(a, edition_id) for a in answer_sets]
    if not sets:
        raise ValueError("nothing to combine")
    points = ed.points
    return {item.number: min((s[item.number] for s in sets), key=points.__getitem__) for item in ed.items}


def answers_to_json(answers: Answers) -> dict[str, str]:
    return {str(k): v for k, v in sorted(answers.items())}


__all__ = [
    "BANDS",
    "AnswersInvalid",
    "Band",
    "Comparison",
    "Edition",
    "ItemAnswer",
    "Problem",
    "Score",
    "answers_combine",
    "answers_compare",
    "answers_parse",
    "answers_validate",
    "band_for_total",
    "diagnosis_score",
    "items_to_improve",
]
