"""The reminder's text: one subject and body per language for the whole mail-out, and the per-recipient
parts (``{level_text}``, ``{confirm_url}``) filled by the link builder registered in ``apps.py``.

A ★ declarer is invited to move to ★★; a ★★ declarer is asked to re-take the 25-item self-diagnosis and
review the basic policy. Every message says confirming is optional and the declaration does not expire.
"""

from __future__ import annotations

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from secaction.declarations.models import Level
from secaction.mailouts.links import LinkBuilder, RecipientValues
from secaction.mailouts.services import SystemText

from .models import Reminder
from .tokens import confirm_token

PLACEHOLDERS = ("level_text", "confirm_url")


def _body() -> str:
    return "\n".join(
        [
            _("{name} ご担当者様"),
            "",
            _("SECURITY ACTION の宣言をいただき、ありがとうございます。"),
            _(
                "宣言(または前回のご確認)から1年が経ちました。年に一度、取組みを見直していただくためのご案内です。"
            ),
            "",
            "{level_text}",
            "",
            _(
                "宣言の内容に変更がなければ、次のリンクを開き「内容に変更はありません」を押してください(ログイン不要):"
            ),
            "{confirm_url}",
            "",
            _("ご確認は任意です。ご確認がなくても、宣言が失効したり取り消されたりすることはありません。"),
        ]
    )


def reminder_text() -> SystemText:
    """The mail-out's subject and body in Japanese and English."""
    texts = {}
    for lang in ("ja", "en"):
        with translation.override(lang):
            texts[lang] = (_("宣言内容のご確認のお願い(年に一度のご案内)"), _body())
    return SystemText(
        subject_ja=texts["ja"][0], body_ja=texts["ja"][1], subject_en=texts["en"][0], body_en=texts["en"][1]
    )


def _url(name: str, *args: object) -> str:
    return settings.SITE_URL.rstrip("/") + reverse(name, args=args)


def level_text(level: str, organization_id: int | None, language: str) -> str:
    """The part of the message that depends on the declaration's level, in ``language``."""
    with translation.override(language):
        if level == Level.TWO_STAR:
            policy = (
                _url("policies:policy_home", organization_id) if organization_id else _url("mypage:index")
            )
            lines = [
                _("★★(二つ星)を宣言されている皆様へ:"),
                _(
                    "・「5分でできる!情報セキュリティ自社診断」(25項目)をあらためて実施し、現在の状況をご確認ください。"
                ),
                "  " + _url("diagnosis:take"),
                _("・情報セキュリティ基本方針を見直し、内容を変えた場合は改めて公開してください。"),
                "  " + policy,
            ]
        else:
            lines = [
                _("★(一つ星)を宣言されている皆様へ:"),
                _("・「情報セキュリティ5か条」の取組みを続けているか、あらためてご確認ください。"),
                _(
                    "・★★(二つ星)への移行もご検討ください。自社診断(25項目)で現状を把握し、情報セキュリティ基本方針を定めて公開すると、★★を宣言できます。取引先やお客様に、取組みをより具体的に示せます。"
                ),
                "  " + _url("declarations:upgrade"),
            ]
        lines.append(_("(各ページの利用にはマイページへのログインが必要です。)"))
    return "\n".join(lines)


def _prepare(mailout_id: int | None) -> RecipientValues:
    """Per-recipient values of one continuation mail-out: the levels of its reminders in one query."""
    levels: dict[int, str] = {}
    if mailout_id is not None:
        levels = dict(
            Reminder.objects.filter(mailout_id=mailout_id).values_list(
                "organization_id", "declaration__level"
            )
        )

    def values(organization_id: int | None, email: str, language: str) -> dict[str, str]:
        if mailout_id is None or organization_id is None or organization_id not in levels:
            # The staff preview and test send: no reminder behind it, so no working link.
            with translation.override(language):
                sample = _("(ここに確認用のリンクが入ります)")
            return {"level_text": level_text(Level.TWO_STAR, None, language), "confirm_url": sample}
        return {
            "level_text": level_text(levels[organization_id], organization_id, language),
            "confirm_url": _url("continuation:confirm", confirm_token(mailout_id, organization_id)),
        }

    return values


LINKS = LinkBuilder(placeholders=PLACEHOLDERS, prepare=_prepare)
