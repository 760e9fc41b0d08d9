"""The question bank: the self-diagnosis as versioned data (``data/edition-<id>.json``).

Item texts, parts, footnotes, answers and points belong to the programme and
are reproduced from the seed. Everything read from a ``project`` key (English
texts, short themes, countermeasures) is written by this project.

A new edition is added as a new JSON file; saved assessments keep the edition
they were taken with, so old results stay readable and scoreable.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from django.utils import translation

from secaction.core.programme_details import BASIC_MEASURES_NOTE, BASIC_MEASURES_NOTE_EN, BASIC_MEASURES_PART

DATA_DIR = Path(__file__).resolve().parent / "data"
CURRENT_EDITION = "2024"

# Answer values as they travel through forms, sessions, the database and the API.
YES, PARTIAL, NO, UNKNOWN = "yes", "partial", "no", "unknown"
ANSWER_VALUES: tuple[str, ...] = (YES, PARTIAL, NO, UNKNOWN)


def _english() -> bool:
    return (translation.get_language() or "ja").startswith("en")


@dataclass(frozen=True)
class Answer:
    value: str
    label: str
    points: int
    label_en: str

    @property
    def label_display(self) -> str:
        return self.label_en if _english() else self.label


@dataclass(frozen=True)
class Footnote:
    mark: str
    text: str
    text_en: str

    @property
    def text_display(self) -> str:
        return self.text_en if _english() else self.text


@dataclass(frozen=True)
class Item:
    number: int
    part: int
    text: str  # the programme's wording, verbatim
    footnotes: tuple[Footnote, ...]
    text_en: str  # this project's translation
    theme: str  # this project's short title
    theme_en: str
    advice: tuple[str, ...]  # this project's countermeasures, in order of doing them
    advice_en: tuple[str, ...]

    @property
    def text_display(self) -> str:
        return self.text_en if _english() else self.text

    @property
    def theme_display(self) -> str:
        return self.theme_en if _english() else self.theme

    @property
    def advice_display(self) -> tuple[str, ...]:
        return self.advice_en if _english() else self.advice


@dataclass(frozen=True)
class Part:
    number: int
    title: str
    title_en: str
    items: tuple[Item, ...]
    max_score: int
    min_score: int

    @property
    def title_display(self) -> str:
        return self.title_en if _english() else self.title

    @property
    def programme_note(self) -> str:
        """The seed's note on this part in the current language ("" for none): only 基本的対策 has one."""
        if self.title != BASIC_MEASURES_PART:
            return ""
        return BASIC_MEASURES_NOTE_EN if _english() else BASIC_MEASURES_NOTE


@dataclass(frozen=True)
class Edition:
    id: str
    title: str
    title_en: str
    source: str
    answers: tuple[Answer, ...]
    parts: tuple[Part, ...]
    footnotes: tuple[Footnote, ...]
    source_en: str = ""

    @property
    def title_display(self) -> str:
        return self.title_en if _english() else self.title

    @property
    def source_display(self) -> str:
        return self.source_en if _english() and self.source_en else self.source

    @property
    def items(self) -> tuple[Item, ...]:
        return tuple(item for part in self.parts for item in part.items)

    def item(self, number: int) -> Item:
        for candidate in self.items:
            if candidate.number == number:
                return candidate
        raise KeyError(number)

    def answer(self, value: str) -> Answer:
        for candidate in self.answers:
            if candidate.value == value:
                return candidate
        raise KeyError(value)

    def part(self, number: int) -> Part:
        for candidate in self.parts:
            if candidate.number == number:
                return candidate
        raise KeyError(number)

    @property
    def points(self) -> dict[str, int]:
        return {a.value: a.points for a in self.answers}

    @property
    def max_total(self) -> int:
        return len(self.items) * max(self.points.values())

    @property
    def min_total(self) -> int:
        return len(self.items) * min(self.points.values())


def _load(path: Path) -> Edition:
    raw = json.loads(path.read_text(encoding="utf-8"))
    footnotes = {f["mark"]: Footnote(f["mark"], f["text"], f["project"]["text_en"]) for f in raw["footnotes"]}
    items_by_part: dict[int, list[Item]] = {p["number"]: [] for p in raw["parts"]}
    for it in raw["items"]:
        proj = it["project"]
        items_by_part[it["part"]].append(
            Item(
                number=it["number"],
                part=it["part"],
                text=it["text"],
                footnotes=tuple(footnotes[m] for m in it["footnotes"]),
                text_en=proj["text_en"],
                theme=proj["theme"],
                theme_en=proj["theme_en"],
                advice=tuple(proj["advice"]),
                advice_en=tuple(proj["advice_en"]),
            )
        )
    answers = tuple(
        Answer(a["value"], a["label"], a["points"], a["project"]["label_en"]) for a in raw["answers"]
    )
    best, worst = max(a.points for a in answers), min(a.points for a in answers)
    return Edition(
        id=raw["edition"],
        title=raw["title"],
        title_en=raw["title_en"],
        source=raw["source"],
        source_en=raw.get("source_en", ""),
        answers=answers,
        parts=tuple(
            Part(
                p["number"],
                p["title"],
                p["project"]["title_en"],
                tuple(items_by_part[p["number"]]),
                max_score=best * len(items_by_part[p["number"]]),
                min_score=worst * len(items_by_part[p["number"]]),
            )
            for p in raw["parts"]
        ),
        footnotes=tuple(footnotes.values()),
    )


@cache
def edition(edition_id: str = CURRENT_EDITION) -> Edition:
    """The edition with this id; ``KeyError`` if no such data file exists."""
    path = DATA_DIR / f"edition-{edition_id}.json"
    if not path.exists():
        raise KeyError(edition_id)
    return _load(path)


def editions() -> list[str]:
    """Ids of every edition shipped, oldest first."""
    return sorted(p.stem.removeprefix("edition-") for p in DATA_DIR.glob("edition-*.json"))


def items(edition_id: str = CURRENT_EDITION) -> tuple[Item, ...]:
    """Every item of an edition in order: ``number``, ``part``, ``text``, ``theme`` (and English, advice).

    The public way for other apps (e.g. the staff handbook) to read the bank.
    """
    return edition(edition_id).items
