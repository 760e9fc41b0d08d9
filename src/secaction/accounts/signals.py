"""Audit records for account changes that allauth performs (it emits signals; we record them)."""

from __future__ import annotations

from typing import Any

from allauth.account import signals as account_signals
from allauth.mfa import signals as mfa_signals
from allauth.socialaccount import signals as social_signals
from django.conf import settings
from django.dispatch import receiver

from secaction.core.services import audit_record

from .gbiz import gbiz_claims_from_extra_data


@receiver(account_signals.user_signed_up)
def _signed_up(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(
        actor=user,
        action="account.signup",
        target=user,
        after={"email": user.email, "language": user.language},
    )


@receiver(account_signals.email_confirmed)
def _email_confirmed(sender: Any, request: Any, email_address: Any, **kwargs: Any) -> None:
    user = email_address.user
    audit_record(
        actor=user, action="account.email_confirm", target=user, after={"email": email_address.email}
    )


@receiver(account_signals.email_added)
def _email_added(sender: Any, request: Any, user: Any, email_address: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account.email_add", target=user, after={"email": email_address.email})


@receiver(account_signals.email_removed)
def _email_removed(sender: Any, request: Any, user: Any, email_address: Any, **kwargs: Any) -> None:
    audit_record(
        actor=user, action="account.email_remove", target=user, before={"email": email_address.email}
    )


@receiver(account_signals.email_changed)
def _email_changed(
    sender: Any, request: Any, user: Any, from_email_address: Any, to_email_address: Any, **kwargs: Any
) -> None:
    audit_record(
        actor=user,
        action="account.email_change",
        target=user,
        before={"email": getattr(from_email_address, "email", None)},
        after={"email": getattr(to_email_address, "email", None)},
    )


@receiver(account_signals.password_changed)
@receiver(account_signals.password_set)
def _password_changed(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account.password_change", target=user)  # never the password itself


@receiver(account_signals.password_reset)
def _password_reset(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account.password_reset", target=user)


@receiver(mfa_signals.authenticator_added)
def _authenticator_added(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account.mfa_add", target=user, after={"type": authenticator.type})


@receiver(mfa_signals.authenticator_removed)
def _authenticator_removed(sender: Any, request: Any, user: Any, authenticator: Any, **kwargs: Any) -> None:
    audit_record(actor=user, action="account.mfa_remove", target=user, before={"type": authenticator.type})


@receiver(account_signals.user_logged_in)
def _gbizid_logged_in(sender: Any, request: Any, user: Any, **kwargs: Any) -> None:
    # Each GビズID sign-in, with what it vouched for (account type, 法人番号); never tokens.
    sociallogin = kwargs.get("sociallogin")
    if sociallogin is None or sociallogin.account.provider != settings.OIDC_PROVIDER_ID:
        return
    claims = gbiz_claims_from_extra_data(sociallogin.account.extra_data)
    audit_record(actor=user, action="gbizid.login", target=user, after=claims.audit_data())


@receiver(social_signals.social_account_added)
def _gbizid_connected(sender: Any, request: Any, sociallogin: Any, **kwargs: Any) -> None:
    # From the connections page (signed in) or after the password confirmation (gbizid_views).
    if sociallogin.account.provider != settings.OIDC_PROVIDER_ID:
        return
    claims = gbiz_claims_from_extra_data(sociallogin.account.extra_data)
    user = sociallogin.user
    audit_record(actor=user, action="gbizid.connect", target=user, after=claims.audit_data())


@receiver(social_signals.social_account_removed)
def _gbizid_disconnected(sender: Any, request: Any, socialaccount: Any, **kwargs: Any) -> None:
    if socialaccount.provider != settings.OIDC_PROVIDER_ID:
        return
    claims = gbiz_claims_from_extra_data(socialaccount.extra_data)
    user = socialaccount.user
    audit_record(actor=user, action="gbizid.disconnect", target=user, before=claims.audit_data())
