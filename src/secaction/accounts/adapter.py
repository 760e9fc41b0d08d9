"""allauth integration: its mail goes through the project's one mail service, in the portal's own wording.

The mail templates are overridden in ``accounts/templates/account/email/`` (polite Japanese and English, the
programme office's signature and the site address); the language is the recipient's ``User.language``.
"""

from __future__ import annotations

import logging
from typing import Any

from allauth.account.adapter import DefaultAccountAdapter
from allauth.core import context as allauth_context
from django.conf import settings
from django.contrib.sites.shortcuts import get_current_site
from django.core.exceptions import ImproperlyConfigured, PermissionDenied
from django.http import HttpRequest
from django.utils import translation
from django.utils.translation import gettext_lazy as _

from secaction.core.services import mail_queue

logger = logging.getLogger(__name__)


class AccountAdapter(DefaultAccountAdapter):
    # allauth's own wording is terse; people locked out need to know what to do next.
    error_messages = {
        **DefaultAccountAdapter.error_messages,
        "too_many_login_attempts": _(
            "ログインに続けて失敗したため、このアカウントへのログインを一時的に止めています。"
            "5分ほど待ってからもう一度お試しください。パスワードを忘れた場合は「パスワードをお忘れですか?」から再設定できます。"
        ),
    }

    def get_client_ip(self, request: HttpRequest) -> str:
        """allauth's client address (``TRUSTED_PROXY_COUNT`` / ``TRUSTED_CLIENT_IP_HEADER``), never a 500.

        allauth raises ``ImproperlyConfigured`` when ``X-Forwarded-For`` holds fewer entries than the trusted
        proxy count, which a client that reaches the site around the proxy can send at will. That request's
        address is unknown, as allauth already says with ``PermissionDenied`` for a missing trusted header:
        log-in refuses it (403) and ``core.clientip`` counts it in the shared unknown bucket.
        """
        try:
            return super().get_client_ip(request)
        except ImproperlyConfigured as exc:
            logger.warning("client address unknown (%s): check TRUSTED_PROXY_COUNT against the proxies", exc)
            raise PermissionDenied("Unable to determine client IP address") from exc

    def send_mail(self, template_prefix: str, email: str, context: dict[str, Any]) -> None:
        # The same context allauth's own send_mail builds (its templates name the site).
        request = allauth_context.request
        context = {"request": request, "email": email, "current_site": get_current_site(request), **context}
        language = translation.get_language() or "ja"
        user_language: str | None = getattr(context.get("user"), "language", None)
        if user_language:
            language = user_language
        # The portal's signature (templates account/email/_footer.txt), not allauth's bare host name.
        context["office_name"] = (
            settings.PROGRAMME_OFFICE_NAME_EN if language.startswith("en") else settings.PROGRAMME_OFFICE_NAME
        )
        context["site_url"] = settings.SITE_URL + "/"
        with translation.override(language):
            msg = self.render_mail(template_prefix, email, context)
        html = ""
        alternatives: list[tuple[object, str]] = list(getattr(msg, "alternatives", None) or [])
        for content, mimetype in alternatives:
            if mimetype == "text/html":
                html = str(content)
        mail_queue(
            to=email,
            subject=str(msg.subject),
            body_text=str(msg.body),
            body_html=html,
            language=language,
            template=template_prefix,
        )

    def save_user(self, request: HttpRequest, user: Any, form: Any, commit: bool = True) -> Any:
        # Remember the language the person signed up in, for later mail.
        lang = translation.get_language() or "ja"
        user.language = "en" if lang.startswith("en") else "ja"
        return super().save_user(request, user, form, commit)
