import re
from pathlib import Path

import pytest

from secaction.core.programme import FIVE_PRINCIPLES
from secaction.diagnosis import bank
from secaction.diagnosis.guide import PLATFORMS, principle_guides

SEED = Path(__file__).resolve().parents[2] / ".." / "shared" / "seed" / "000_bc7fbef0e112f029.txt"
SEED_CANDIDATES = [SEED, Path("/work/shared/seed/000_bc7fbef0e112f029.txt")]


def seed_text() -> str:
    for candidate in SEED_CANDIDATES:
        if candidate.exists():
            return candidate.read_text(encoding="utf-8")
    pytest.skip("seed file not available")


def test_edition_has_25_items_in_three_parts():
    ed = bank.edition()
    assert ed.id == bank.CURRENT_EDITION
    assert [item.number for item in ed.items] == list(range(1, 26))
    assert [(p.title, [i.number for i in p.items]) for p in ed.parts] == [
        ("基本的対策", list(range(1, 6))),
        ("従業員としての対策", list(range(6, 19))),
        ("組織としての対策", list(range(19, 26))),
    ]
    assert [(p.max_score, p.min_score) for p in ed.parts] == [(20, -5), (52, -13), (28, -7)]


def test_answers_and_points_are_the_seeds():
    ed = bank.edition()
    assert [(a.value, a.label, a.points) for a in ed.answers] == [
        ("yes", "実施している", 4),
        ("partial", "一部実施している", 2),
        ("no", "実施していない", 0),
        ("unknown", "わからない", -1),
    ]
    assert "美施" not in (bank.DATA_DIR / "edition-2024.json").read_text(encoding="utf-8").split('"notes"')[0]


def test_footnotes_belong_to_items_2_and_4():
    ed = bank.edition()
    with_notes = {i.number: [f.mark for f in i.footnotes] for i in ed.items if i.footnotes}
    assert with_notes == {2: ["※1"], 4: ["※2"]}
    assert (
        ed.item(2).footnotes[0].text
        == "コンピュータウイルスを検出するためのデータベースファイル「パターンファイル」とも呼ばれる"
    )
    assert "※1" in ed.item(2).text and "※2" in ed.item(4).text


def test_item_texts_match_the_seed_exactly():
    text = seed_text()
    seed_items = {}
    for line in text.splitlines():
        m = re.match(r"^(\d+)\t(.*?)\t4\t2\t0\t-1$", line)
        if m:
            # The seed is a PDF extraction: line breaks became spaces, and "1~24" became LaTeX.
            seed_items[int(m.group(1))] = re.sub(r"\s+", "", m.group(2)).replace("$1\\sim24$", "1~24")
    assert len(seed_items) == 25
    for item in bank.items():
        assert item.text == seed_items[item.number], item.number
    for footnote in bank.edition().footnotes:
        assert f"- {footnote.mark} {footnote.text}" in text


def test_every_item_has_project_texts():
    for item in bank.items():
        assert item.text_en and item.theme and item.theme_en
        assert len(item.advice) >= 3 and len(item.advice) == len(item.advice_en)


def test_unknown_edition_is_a_key_error():
    assert bank.editions() == ["2024"]
    with pytest.raises(KeyError):
        bank.edition("1999")


def test_principles_guide_covers_every_principle_and_platform():
    guides = principle_guides()
    assert [g.principle for g in guides] == list(FIVE_PRINCIPLES)
    for g in guides:
        assert tuple(p.key for p in g.platforms) == PLATFORMS
        assert all(len(p.steps) >= 3 for p in g.platforms)
        assert len(g.checklist) >= 3
