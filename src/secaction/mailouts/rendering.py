"""One recipient's message of a mail-out: subject, text with the legal footer, and the list headers.

Pure apart from ``reverse`` and settings: the delivery step, the test send and the preview all render
through ``mailout_message_render``, so what staff preview is what recipients get.

Placeholders in the composed text: ``{name}`` (the organisation's name) and, for survey invitations and
reminders, ``{survey_url}`` (the personal link). Anything else in braces is left as typed.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from secaction.surveys.tokens import invitation_token

from .models import Mailout
from .unsubscribe import unsubscribe_url

PLACEHOLDERS = ("name", "survey_url")


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    # ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` (RFC 8058), sent with every mail-out message.
    headers: dict[str, str]


def placeholders_fill(template: str, values: dict[str, str]) -> str:
    """Replace ``{name}`` and ``{survey_url}`` only; other braces stay as typed (no format-string errors)."""
    for key in PLACEHOLDERS:
        template = template.replace("{" + key + "}", values.get(key, ""))
    return template


def survey_url(survey_id: int, email: str) -> str:
    """The personal answering link of ``email`` for survey ``survey_id``."""
    token = invitation_token(survey_id, email)
    return settings.SITE_URL.rstrip("/") + reverse("surveys:respond", args=[token])


def sender_footer(language: str, unsubscribe: str) -> str:
    """The sender identification the law on specified electronic mail asks for, and the unsubscribe link."""
    lines = [settings.MAILOUT_SENDER_NAME]
    if settings.MAILOUT_SENDER_ADDRESS:
        lines.append(settings.MAILOUT_SENDER_ADDRESS)
    with translation.override(language):
        if settings.MAILOUT_SENDER_CONTACT:
            lines.append(_("お問い合わせ: %(contact)s") % {"contact": settings.MAILOUT_SENDER_CONTACT})
        lines.append(
            _("今後このようなお知らせが不要な場合は、次のリンクから配信を停止できます(ログイン不要):")
        )
        lines.append(unsubscribe)
        lines.append(_("配信を停止しても、宣言の手続きに必要なメールは引き続き届きます。"))
    return "\n".join(lines)


def mailout_message_render(mailout: Mailout, *, email: str, name: str, language: str) -> RenderedMessage:
    """The message ``email`` gets from ``mailout``: English text when the recipient's language is English
    and the mail-out has an English version, the Japanese text otherwise."""
    english = language == "en" and bool(mailout.subject_en.strip() and mailout.body_en.strip())
    lang = "en" if english else "ja"
    values = {"name": name}
    if mailout.survey_id is not None:
        values["survey_url"] = survey_url(mailout.survey_id, email)
    subject = placeholders_fill(mailout.subject_en if english else mailout.subject_ja, values)
    body = placeholders_fill(mailout.body_en if english else mailout.body_ja, values)
    link = unsubscribe_url(email)
    text = f"{body.rstrip()}\n\n--\n{sender_footer(lang, link)}\n"
    headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
    return RenderedMessage(subject=" ".join(subject.split()), text=text, headers=headers)
