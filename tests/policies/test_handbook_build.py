import pytest

from secaction.policies.handbook import (
    ITEM_NUMBERS,
    STATUS_LABELS,
    handbook_build,
    handbook_intro_suggest,
    handbook_parts,
    rules_data,
)

THEMES = [
    "更新",
    "ウイルス対策",
    "パスワード",
    "アクセス権限",
    "脅威",
    "添付ファイル",
    "誤送信",
    "重要情報の保護",
    "無線LAN",
    "SNS",
    "バックアップ",
    "保管",
    "持ち出し",
    "画面ロック",
    "来訪者",
    "盗難",
    "施錠",
    "廃棄",
    "守秘義務",
    "教育",
    "個人所有",
    "契約",
    "クラウドサービス",
    "事故",
    "周知",
]


def test_rules_data_covers_all_25_items_and_their_themes():
    data = rules_data()
    assert sorted(data) == list(ITEM_NUMBERS)
    for number, word in zip(ITEM_NUMBERS, THEMES, strict=True):
        item = data[number]
        assert word in item["theme"], (number, item["theme"])
        assert item["start"].strip() and item["keep"].strip() and item["start"] != item["keep"]
        assert item["part"] == (
            "基本的対策" if number <= 5 else "従業員としての対策" if number <= 18 else "組織としての対策"
        )


def test_yes_keeps_everything_else_starts():
    answers = {1: "yes", 2: "partial", 3: "no", 4: "unknown", 5: "garbage"}
    rules = handbook_build(answers)
    by = {r["number"]: r for r in rules}
    data = rules_data()
    assert [r["number"] for r in rules] == list(ITEM_NUMBERS)
    assert by[1]["status"] == "keep" and by[1]["text"] == data[1]["keep"]
    assert by[2]["status"] == "improve" and by[2]["text"] == data[2]["start"]
    assert by[3]["status"] == "start" and by[3]["text"] == data[3]["start"]
    assert by[4]["status"] == "check" and by[4]["text"] == data[4]["start"]
    assert by[5]["status"] == "none" and by[5]["answer"] == ""  # unknown value treated as not done
    assert by[25]["status"] == "none"  # missing item
    assert all(r["included"] for r in rules)
    assert set(r["status"] for r in rules) <= set(STATUS_LABELS)


@pytest.mark.parametrize("answers", [None, {}])
def test_no_diagnosis_gives_start_rules(answers):
    rules = handbook_build(answers)
    assert all(r["text"] == rules_data()[r["number"]]["start"] for r in rules)


def test_all_yes_gives_keep_rules():
    rules = handbook_build({n: "yes" for n in ITEM_NUMBERS})
    assert all(r["status"] == "keep" for r in rules)


def test_parts_group_in_order_and_skip_excluded():
    rules = handbook_build(None)
    rules[0]["included"] = False
    parts = handbook_parts(rules)
    assert [p for p, _ in parts] == ["基本的対策", "従業員としての対策", "組織としての対策"]
    assert [r["number"] for r in parts[0][1]] == [2, 3, 4, 5]
    assert sum(len(rs) for _, rs in parts) == 24


def test_intro_names_the_organisation():
    assert "株式会社A" in handbook_intro_suggest("株式会社A")
