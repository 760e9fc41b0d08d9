"""The apps' English catalogues agree with each other, and a word with two meanings has a context for each."""

from pathlib import Path

import pytest
from django.utils import translation
from django.utils.translation import gettext, pgettext

from tests.i18n.po import catalogue_paths, conflicts_find, po_read

PACKAGE = Path(__file__).resolve().parents[2] / "src" / "secaction"
CATALOGUES = catalogue_paths(PACKAGE)


def test_every_app_catalogue_is_found():
    assert {"(project)", "core", "declarations", "organizations", "registry", "supporters"} <= set(CATALOGUES)


def test_no_msgid_has_two_english_translations():
    # Django merges the catalogues into one: a msgid translated two ways shows one app's English on the other's
    # page. Use pgettext with a context where one Japanese word means two things.
    found = conflicts_find(CATALOGUES)
    report = "\n".join(f"{msgid!r} [{ctx}]: {by_app}" for (ctx, msgid), by_app in sorted(found.items()))
    assert not found, "conflicting translations (see scripts/po_conflicts.py):\n" + report


def test_the_conflict_finder_sees_a_conflict_and_respects_contexts(tmp_path):
    header = 'msgid ""\nmsgstr ""\n"Content-Type: text/plain; charset=UTF-8\\n"\n\n'
    a = tmp_path / "a.po"
    b = tmp_path / "b.po"
    a.write_text(
        header + 'msgid "対象"\nmsgstr "Object"\n\nmsgctxt "x"\nmsgid "版"\nmsgstr "Edition"\n', "utf-8"
    )
    b.write_text(
        header + 'msgid "対象"\nmsgstr ""\n"For "\n"whom"\n\nmsgid "版"\nmsgstr "Version"\n', encoding="utf-8"
    )
    assert po_read(b)[("", "対象")] == "For whom"
    assert conflicts_find({"a": a, "b": b}) == {("", "対象"): {"a": "Object", "b": "For whom"}}


def test_no_english_calls_a_declaration_a_certificate():
    # SECURITY ACTION certifies nothing: 宣言書 is a declaration document. "not a certification" may be said.
    for app, path in CATALOGUES.items():
        for (_ctx, msgid), msgstr in po_read(path).items():
            if "certif" in msgstr.lower():
                assert "認定" in msgid or "認証" in msgid, (app, msgid, msgstr)


@pytest.mark.parametrize(
    ("context", "msgid", "english"),
    [
        ("監査ログ", "対象", "Target"),
        ("", "対象", "For whom"),
        ("監査ログ", "操作", "Action"),
        ("", "操作", "Actions"),
        ("照会", "確認日時", "Checked at"),
        ("受領確認", "確認日時", "Confirmed at"),
        ("", "確認日時", "Reviewed at"),
        ("複数形", "事業者", "Organisations"),
        ("", "事業者", "Organisation"),
        ("アプリ名", "公開ページ", "Public pages"),
        ("", "宣言書", "Declaration document"),
    ],
)
def test_each_meaning_has_its_english_at_run_time(context, msgid, english):
    with translation.override("en"):
        assert (pgettext(context, msgid) if context else gettext(msgid)) == english
