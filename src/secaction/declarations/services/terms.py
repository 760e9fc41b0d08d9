"""Writes about the logo-mark terms: new versions, which one is in force, and a declarer's agreement.

Declarers agree to the version in force when they declare; they are asked again only when
the version in force is no longer the one their declaration agreed to (see ``_terms_for_upgrade``).
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.legal.versions import version_text_check
from secaction.organizations.permissions import staff_require

from ..models import Declaration, Status, TermsVersion
from ._shared import _audit, _lock_for

if TYPE_CHECKING:
    from secaction.accounts.models import User

_TERMS_FIELDS = ["version", "title", "body", "published_at", "is_current"]


def _require_current_terms(terms_version: TermsVersion | None) -> TermsVersion:
    """The version in force, which ``terms_version`` (what the declarer agreed to) must be."""
    current = TermsVersion.objects.filter(is_current=True).first()
    if current is None:
        raise ServiceError(
            _("現在、ロゴマーク使用規約が公開されていません。事務局にお問い合わせください。"), code="no_terms"
        )
    if terms_version is None or terms_version.pk != current.pk:
        raise ServiceError(
            _("ロゴマーク使用規約が改定されました。最新の規約を読んで、改めて同意してください。"),
            code="terms_changed",
        )
    return current


def _terms_for_upgrade(declaration: Declaration, terms_version: TermsVersion | None) -> TermsVersion | None:
    """The agreement an upgrade records, or None when the declaration's agreement still stands.

    The declaration already agreed to the version in force (minutes or months ago): it is not
    asked again and its agreement is kept as it is. When the version in force changed since,
    ``terms_version`` must be the new one (``ServiceError`` with code ``terms_changed`` otherwise).
    """
    current = TermsVersion.objects.filter(is_current=True).first()
    if current is not None and declaration.terms_version_id == current.pk:
        return None
    return _require_current_terms(terms_version)


def _agree_terms(declaration: Declaration, terms: TermsVersion, user: User, at: dt.datetime) -> None:
    declaration.terms_version = terms
    declaration.terms_accepted_at = at
    declaration.terms_accepted_by = user


def terms_create(
    *, staff: User, version: str, title: str, body: str, published_at: dt.datetime | None = None
) -> TermsVersion:
    """Add a new version of the logo-mark terms (not yet in force; ``terms_publish`` puts it in force).

    Staff only. A version is never edited afterwards: declarers agreed to its text.
    Field-keyed ``ServiceError`` when a value is missing or the version already exists.
    """
    staff_require(staff)
    values, errors = version_text_check(
        version, title, body, taken=lambda number: TermsVersion.objects.filter(version=number).exists()
    )
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        terms = TermsVersion.objects.create(
            **values, published_at=published_at or timezone.now(), is_current=False
        )
        audit_record(
            actor=staff,
            action="terms.create",
            target=terms,
            after=model_snapshot(terms, _TERMS_FIELDS),
            message=terms.version,
        )
    return terms


def terms_publish(*, staff: User, terms: TermsVersion) -> TermsVersion:
    """Make ``terms`` the current logo-mark terms; later submissions must agree to it. Staff only."""
    staff_require(staff)
    with transaction.atomic():
        previous = (
            TermsVersion.objects.select_for_update().filter(is_current=True).exclude(pk=terms.pk).first()
        )
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        terms.is_current = True
        terms.save(update_fields=["is_current"])
        audit_record(
            actor=staff,
            action="terms.publish",
            target=terms,
            before={"current": previous.version if previous else None},
            after={"current": terms.version},
        )
    return terms


def declaration_terms_accept(
    *, declaration: Declaration, user: User, terms_version: TermsVersion | None
) -> Declaration:
    """Record a member's agreement to the current logo terms for an active declaration without one.

    Declarations imported from the older system arrive without a recorded
    agreement; the logo marks stay locked until a member agrees here.
    """
    with transaction.atomic():
        decl = _lock_for(declaration, user)
        if decl.status != Status.ACTIVE:
            raise ServiceError(_("有効な宣言がないため、規約に同意する必要はありません。"), code="state")
        terms = _require_current_terms(terms_version)
        before = model_snapshot(decl)
        _agree_terms(decl, terms, user, timezone.now())
        decl.save(update_fields=["terms_version", "terms_accepted_at", "terms_accepted_by", "updated_at"])
        _audit(user, "declaration.terms_accept", decl, before)
    return decl
