"""Reads about the legal pages: the versions in force and what a person still has to accept."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from .models import ACCEPTED_KINDS, Acceptance, LegalDocument


def legal_documents_current() -> dict[str, LegalDocument]:
    """The version in force of each kind, keyed by kind (a kind never published is absent)."""
    return {doc.kind: doc for doc in LegalDocument.objects.filter(is_current=True)}


def legal_document_current(kind: str) -> LegalDocument | None:
    """The version of ``kind`` in force, or None."""
    return LegalDocument.objects.filter(kind=kind, is_current=True).first()


def _last_material(kind: str) -> LegalDocument | None:
    """The newest material version of ``kind`` up to the current one."""
    current = legal_document_current(kind)
    if current is None:
        return None
    if current.material:
        return current
    return (
        LegalDocument.objects.filter(kind=kind, material=True, published_at__lte=current.published_at)
        .order_by("-published_at", "-pk")
        .first()
    )


def acceptances_pending(user: Any) -> list[LegalDocument]:
    """Current privacy/terms versions ``user`` must accept before going on.

    A kind is pending when the person has accepted neither its current version nor any version
    since its last material change: a non-material new version does not ask again (it is in force
    for everyone who accepted the material one before it). Staff and anonymous users: nothing.
    """
    if not getattr(user, "is_authenticated", False) or getattr(user, "is_staff", False):
        return []
    accepted = Acceptance.objects.filter(user_id=user.pk)
    pending: list[LegalDocument] = []
    for kind in ACCEPTED_KINDS:
        current = legal_document_current(kind)
        if current is None:
            continue
        anchor = _last_material(kind) or current
        if not accepted.filter(document__kind=kind, document__published_at__gte=anchor.published_at).exists():
            pending.append(current)
    return pending


def acceptances_for_user(user: Any) -> QuerySet[Acceptance]:
    """Every acceptance of ``user``, newest first, with its document."""
    return Acceptance.objects.filter(user_id=user.pk).select_related("document")
