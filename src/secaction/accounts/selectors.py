"""Reads about user accounts."""

from __future__ import annotations

from allauth.socialaccount.models import SocialAccount
from django.conf import settings
from django.contrib.auth.models import AnonymousUser

from .gbiz import GbizClaims, gbiz_claims_from_extra_data
from .models import User


def user_by_email(email: str) -> User | None:
    """The account whose log-in address is ``email`` (case-insensitive), or None."""
    return User.objects.filter(email__iexact=(email or "").strip()).first()


def gbiz_account_for_user(user: User | AnonymousUser) -> SocialAccount | None:
    """The person's GビズID account as allauth stored it at the last sign-in, if they ever used GビズID."""
    if not user.is_authenticated:
        return None
    return (
        SocialAccount.objects.filter(user=user, provider=settings.OIDC_PROVIDER_ID)
        .order_by("-last_login")
        .first()
    )


def gbiz_claims_for_user(user: User | AnonymousUser) -> GbizClaims | None:
    """The GビズID claims of the person's latest sign-in, or None when they never signed in with GビズID."""
    account = gbiz_account_for_user(user)
    if account is None:
        return None
    return gbiz_claims_from_extra_data(account.extra_data or {})
