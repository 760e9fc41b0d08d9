"""The 5 principles guide: the seed's principles plus this project's per-platform steps and checklist."""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import cache

from secaction.core.programme import FIVE_PRINCIPLES, Principle

from .bank import DATA_DIR, _english

PLATFORMS = ("windows", "macos", "android", "ios")


@dataclass(frozen=True)
class Localized:
    ja: str
    en: str

    def __str__(self) -> str:
        return self.en if _english() else self.ja


@dataclass(frozen=True)
class PlatformSteps:
    key: str
    name: Localized
    steps: tuple[Localized, ...]


@dataclass(frozen=True)
class PrincipleGuide:
    principle: Principle  # the seed's text
    platforms: tuple[PlatformSteps, ...]  # this project's steps
    checklist: tuple[Localized, ...]  # this project's checklist

    @property
    def number(self) -> int:
        return self.principle.number


@cache
def principle_guides() -> tuple[PrincipleGuide, ...]:
    raw = json.loads((DATA_DIR / "principles-guide.json").read_text(encoding="utf-8"))
    names = {k: Localized(*v) for k, v in raw["platform_names"].items()}
    by_number = {p["number"]: p for p in raw["principles"]}
    return tuple(
        PrincipleGuide(
            principle=principle,
            platforms=tuple(
                PlatformSteps(
                    key, names[key], tuple(Localized(*s) for s in by_number[principle.number]["steps"][key])
                )
                for key in PLATFORMS
            ),
            checklist=tuple(Localized(*c) for c in by_number[principle.number]["checklist"]),
        )
        for principle in FIVE_PRINCIPLES
    )


def principle_guide(number: int) -> PrincipleGuide | None:
    for guide in principle_guides():
        if guide.number == number:
            return guide
    return None
