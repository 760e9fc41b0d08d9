"""The e-mail sign-up form with the required consent to the privacy policy and the portal terms."""

from __future__ import annotations

from typing import Any

from allauth.account.forms import SignupForm as AllauthSignupForm
from django import forms
from django.http import HttpRequest
from django.urls import reverse
from django.utils.functional import lazy
from django.utils.html import format_html
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _

from . import selectors, services
from .models import ACCEPTED_KINDS, How


def _consent_help() -> str:
    return format_html(
        '<a href="{}" target="_blank" rel="noopener">{}</a> / <a href="{}" target="_blank" rel="noopener">{}</a>',
        reverse("legal:privacy"),
        gettext("個人情報の取扱い"),
        reverse("legal:terms"),
        gettext("ポータル利用規約"),
    )


class SignupForm(AllauthSignupForm):
    """allauth's sign-up form (``ACCOUNT_FORMS["signup"]``) plus the consent the new account records.

    The acceptance rows for the versions in force are written with the user, in the same request.
    """

    legal_agree = forms.BooleanField(
        label=_("個人情報の取扱いと利用規約に同意します"),
        required=True,
        help_text=lazy(_consent_help, str)(),
        error_messages={"required": _("個人情報の取扱いと利用規約への同意が必要です。")},
    )

    def save(self, request: HttpRequest) -> Any:
        user = super().save(request)
        if user is not None:
            current = selectors.legal_documents_current()
            services.acceptance_record(
                user, [current[kind] for kind in ACCEPTED_KINDS if kind in current], How.SIGNUP
            )
        return user


class AcceptForm(forms.Form):
    agree = forms.BooleanField(
        label=_("改定後の個人情報の取扱いと利用規約に同意します"),
        required=True,
        error_messages={"required": _("続けるには同意が必要です。")},
    )
