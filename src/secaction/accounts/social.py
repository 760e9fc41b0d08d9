"""allauth's social-account adapter for GビズID (OpenID Connect): the portal's rules for who may sign in."""

from __future__ import annotations

from allauth.socialaccount.adapter import DefaultSocialAccountAdapter


class SocialAccountAdapter(DefaultSocialAccountAdapter):
    pass
