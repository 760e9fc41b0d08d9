"""Reads of the privacy app: a person's data export, their requests, the My Page panel."""

from __future__ import annotations

from dataclasses import dataclass

from django.contrib.auth.models import AnonymousUser
from django.db.models import QuerySet
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.models import User
from secaction.core.errors import AccessDenied
from secaction.organizations.selectors import organization_for_user

from .export import GATHERERS
from .models import DataRequest

EXPORT_FORMAT_VERSION = 1


def _signed_in(user: User | AnonymousUser) -> User:
    if not getattr(user, "is_authenticated", False) or not isinstance(user, User):
        raise AccessDenied(_("ログインしてください。"))
    return user


def data_export_for_user(user: User | AnonymousUser) -> dict[str, object]:
    """Everything the portal holds about the signed-in person and their organisation, JSON-safe.

    Only the person themselves: there is no parameter naming another user, so nobody can ask for someone
    else's export. Each section comes from one gatherer in ``privacy.export.GATHERERS``.
    """
    person = _signed_in(user)
    organization = organization_for_user(person)
    data: dict[str, object] = {
        "format_version": EXPORT_FORMAT_VERSION,
        "generated_at": timezone.now().isoformat(),
    }
    for gather in GATHERERS:
        key, value = gather(person, organization)
        data[key] = value
    return data


def deletion_pending_for_user(user: User | AnonymousUser) -> DataRequest | None:
    """The person's scheduled deletion, if any (at most one: a constraint says so)."""
    if not isinstance(user, User) or not user.is_authenticated:
        return None
    return DataRequest.objects.filter(
        user=user, kind=DataRequest.Kind.DELETION, status=DataRequest.Status.SCHEDULED
    ).first()


def data_requests_for_user(user: User | AnonymousUser) -> QuerySet[DataRequest]:
    if not isinstance(user, User) or not user.is_authenticated:
        return DataRequest.objects.none()
    return DataRequest.objects.filter(user=user).order_by("-requested_at", "-id")


@dataclass(frozen=True)
class PrivacyPanel:
    """What My Page shows in the 登録データの確認・削除 card."""

    deletion: DataRequest | None


def privacy_panel_get(user: User | AnonymousUser) -> PrivacyPanel:
    return PrivacyPanel(deletion=deletion_pending_for_user(user))
