"""One recipient's message of a mail-out: subject, text with the legal footer, and the list headers.

Pure apart from ``reverse`` and settings: the delivery step, the test send and the preview all render
through ``mailout_message_render``, so what staff preview is what recipients get.

Placeholders in the composed text: ``{name}`` (the organisation's name) and, for survey invitations and
reminders, ``{survey_url}`` (the personal link); a system mail-out also the placeholders of the builder its
app registered (``mailouts.links``). Anything else in braces is left as typed.

``MailoutRenderer`` renders many recipients of one mail-out: what does not depend on the recipient (the
translated footer, the reversed URL prefixes, the signer) is computed once, so the delivery pays only for the
per-recipient parts. ``mailout_message_render`` is one call of it: one code path for all three uses.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.core import signing
from django.urls import reverse
from django.utils import translation
from django.utils.translation import gettext as _

from secaction.surveys.tokens import invitation_token

from .links import builder_for
from .models import Mailout
from .unsubscribe import SALT as UNSUBSCRIBE_SALT

PLACEHOLDERS = ("name", "survey_url")
# Stands for a recipient's part while the constant text around it is computed; split off again at once.
_SLOT = "\x00slot\x00"


@dataclass(frozen=True)
class RenderedMessage:
    subject: str
    text: str
    # ``List-Unsubscribe`` / ``List-Unsubscribe-Post`` (RFC 8058), sent with every mail-out message.
    headers: dict[str, str]


def placeholders_fill(template: str, values: dict[str, str], extra: tuple[str, ...] = ()) -> str:
    """Replace ``{name}``, ``{survey_url}`` and the ``extra`` names only; other braces stay as typed."""
    for key in (*PLACEHOLDERS, *extra):
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


def _around(url_name: str) -> tuple[str, str]:
    """The absolute URL of ``url_name`` around its token argument: (before, after).

    Tokens are URL-safe base64 with ``:`` and ``.`` (signing) or plain URL-safe base64 (survey links), which
    ``reverse`` never quotes, so joining the parts equals ``reverse`` with the token.
    """
    marker = "SLOTxSLOT"
    url = settings.SITE_URL.rstrip("/") + reverse(url_name, args=[marker])
    before, after = url.split(marker)
    return before, after


class MailoutRenderer:
    """Renders recipients of one mail-out; equal to ``mailout_message_render`` recipient by recipient."""

    def __init__(self, mailout: Mailout) -> None:
        self.english_ok = bool(mailout.subject_en.strip() and mailout.body_en.strip())
        self.survey_id = mailout.survey_id
        self.templates = {
            "ja": (mailout.subject_ja, mailout.body_ja),
            "en": (mailout.subject_en, mailout.body_en),
        }
        self.footers = {lang: tuple(sender_footer(lang, _SLOT).split(_SLOT)) for lang in ("ja", "en")}
        self.unsubscribe = _around("mailouts:unsubscribe")
        self.survey = _around("surveys:respond") if mailout.survey_id is not None else ("", "")
        self.signer = signing.TimestampSigner(salt=UNSUBSCRIBE_SALT)  # as ``unsubscribe_token`` signs
        links = builder_for(mailout.kind)  # fails loudly for a system kind whose app registered nothing
        self.extra = links.placeholders if links is not None else ()
        self.links = links.prepare(mailout.pk) if links is not None else None

    def render(
        self, *, email: str, name: str, language: str, organization_id: int | None = None
    ) -> RenderedMessage:
        """The message ``email`` gets: English when the recipient's language is English and the mail-out
        has an English version, the Japanese text otherwise. ``organization_id`` (the recipient's) feeds a
        system mail-out's link builder; None in the preview and the test send."""
        lang = "en" if language == "en" and self.english_ok else "ja"
        values = {"name": name}
        if self.survey_id is not None:
            before, after = self.survey
            values["survey_url"] = before + invitation_token(self.survey_id, email) + after
        if self.links is not None:
            values.update(self.links(organization_id, email, lang))
        subject_template, body_template = self.templates[lang]
        subject = placeholders_fill(subject_template, values, self.extra)
        body = placeholders_fill(body_template, values, self.extra)
        token = self.signer.sign_object(email.strip().lower(), compress=True)
        link = self.unsubscribe[0] + token + self.unsubscribe[1]
        head, tail = self.footers[lang]
        text = f"{body.rstrip()}\n\n--\n{head}{link}{tail}\n"
        headers = {"List-Unsubscribe": f"<{link}>", "List-Unsubscribe-Post": "List-Unsubscribe=One-Click"}
        return RenderedMessage(subject=" ".join(subject.split()), text=text, headers=headers)


def mailout_message_render(mailout: Mailout, *, email: str, name: str, language: str) -> RenderedMessage:
    """The message ``email`` gets from ``mailout``: English text when the recipient's language is English
    and the mail-out has an English version, the Japanese text otherwise."""
    return MailoutRenderer(mailout).render(email=email, name=name, language=language)
