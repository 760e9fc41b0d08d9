"""The staff handbook (情報セキュリティハンドブック) built from a self-diagnosis. Pure functions.

The rule texts live in ``data/handbook_rules.json``, one per diagnosis item.
For an item the organisation already does fully ("yes") the handbook offers
the rule that keeps it; for anything else (partial, no, unknown, or no
diagnosis at all) the rule that starts it.
"""

from __future__ import annotations

import json
from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import Any, TypedDict

from django.utils.translation import gettext_noop

RULES_FILE = Path(__file__).resolve().parent / "data" / "handbook_rules.json"
ITEM_NUMBERS = tuple(range(1, 26))
ANSWERS = ("yes", "partial", "no", "unknown")

# How the handbook labels a rule, by the diagnosis answer it came from.
STATUS_BY_ANSWER = {"yes": "keep", "partial": "improve", "no": "start", "unknown": "check"}
# Japanese in the handbook documents (PDF/DOCX are Japanese); the editor translates them with gettext.
STATUS_LABELS = {
    "keep": gettext_noop("続けるルール"),
    "improve": gettext_noop("徹底するルール"),
    "start": gettext_noop("新しく始めるルール"),
    "check": gettext_noop("確かめて始めるルール"),
    "none": gettext_noop("新しく始めるルール"),
}


class RuleData(TypedDict):
    part: str
    theme: str
    title: str
    start: str
    keep: str


class HandbookRule(TypedDict):
    number: int
    part: str
    theme: str
    title: str
    status: str
    answer: str
    text: str
    included: bool


@cache
def rules_data() -> dict[int, RuleData]:
    """The project's rule texts keyed by item number 1–25."""
    raw: dict[str, Any] = json.loads(RULES_FILE.read_text(encoding="utf-8"))
    return {int(k): v for k, v in raw.items() if k.isdigit()}


def handbook_build(answers: Mapping[int, str] | None) -> list[HandbookRule]:
    """One rule per diagnosis item, in item order, chosen by the item's answer.

    ``answers`` maps item numbers to "yes"/"partial"/"no"/"unknown"; missing
    items and unknown values are treated as not yet done. ``None`` means no
    diagnosis: every item gets the rule that starts it.
    """
    data = rules_data()
    rules: list[HandbookRule] = []
    for number in ITEM_NUMBERS:
        item = data[number]
        answer = (answers or {}).get(number, "")
        answer = answer if answer in ANSWERS else ""
        status = STATUS_BY_ANSWER.get(answer, "none")
        rules.append(
            HandbookRule(
                number=number,
                part=item["part"],
                theme=item["theme"],
                title=item["title"],
                status=status,
                answer=answer,
                text=item["keep"] if status == "keep" else item["start"],
                included=True,
            )
        )
    return rules


def handbook_parts(rules: list[HandbookRule]) -> list[tuple[str, list[HandbookRule]]]:
    """The included rules grouped by the diagnosis part they belong to, in order."""
    parts: list[tuple[str, list[HandbookRule]]] = []
    for rule in rules:
        if not rule.get("included", True):
            continue
        if not parts or parts[-1][0] != rule["part"]:
            parts.append((rule["part"], []))
        parts[-1][1].append(rule)
    return parts


def handbook_intro_suggest(organization_name: str) -> str:
    """The opening paragraph of the handbook."""
    name = organization_name.strip() or "当社"
    return (
        f"このハンドブックは、{name}で働く全員が守る情報セキュリティのルールをまとめたものです。"
        "お客様や取引先からお預かりした情報と、私たちの仕事を支える情報を守るために、"
        "一人ひとりが毎日の仕事の中で実践してください。"
        "分からないことや困ったことがあれば、ひとりで判断せず、下の相談先に気軽に相談してください。"
    )
