"""Reads about user accounts."""

from __future__ import annotations

from .models import User


def user_by_email(email: str) -> User | None:
    """The account whose log-in address is ``email`` (case-insensitive), or None."""
    return User.objects.filter(email__iexact=(email or "").strip()).first()
