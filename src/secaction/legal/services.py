"""Writes about the legal pages: publishing a new version, and a person's acceptance of versions."""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, model_snapshot

from .models import Acceptance, How, Kind, LegalDocument
from .versions import version_text_check

if TYPE_CHECKING:
    from django.contrib.auth.models import AnonymousUser

    from secaction.accounts.models import User

_FIELDS = ["kind", "version", "title", "body", "change_summary", "material", "published_at", "is_current"]


def legal_document_publish(
    staff: User,
    *,
    kind: str,
    version: str,
    title: str,
    body: str,
    material: bool,
    change_summary: str = "",
    published_at: dt.datetime | None = None,
) -> LegalDocument:
    """Publish a new version of a legal page and put it in force at once. Staff only; audited.

    The previous version of the same kind stays as history (never edited, never deleted). When
    ``material`` is true, everyone is asked to accept the new version at their next log-in
    (``selectors.acceptances_pending``); otherwise it is in force without asking again, and
    ``change_summary`` is required so the history says what changed. Field-keyed ``ServiceError``
    when a value is missing or the version already exists for that kind.
    """
    staff_require(staff)
    values, errors = version_text_check(
        version,
        title,
        body,
        taken=lambda number: LegalDocument.objects.filter(kind=kind, version=number).exists(),
    )
    if kind not in Kind.values:
        errors["kind"] = [_("種類を選んでください。")]
    previous_exists = LegalDocument.objects.filter(kind=kind).exists()
    if previous_exists and not (change_summary or "").strip():
        errors["change_summary"] = [_("改定の概要を入力してください。")]
    if errors:
        raise ServiceError(errors)
    with transaction.atomic():
        previous = LegalDocument.objects.select_for_update().filter(kind=kind, is_current=True).first()
        if previous is not None:
            previous.is_current = False
            previous.save(update_fields=["is_current"])
        document = LegalDocument.objects.create(
            kind=kind,
            **values,
            change_summary=(change_summary or "").strip(),
            material=bool(material),
            published_at=published_at or timezone.now(),
            is_current=True,
        )
        audit_record(
            actor=staff,
            action="legal.publish",
            target=document,
            before={"current": previous.version if previous else None},
            after={**model_snapshot(document, _FIELDS), "current": document.version},
            message=f"{kind} {document.version}",
        )
    return document


def acceptance_record(
    user: User | AnonymousUser, documents: Iterable[LegalDocument], how: str
) -> list[Acceptance]:
    """Record that ``user`` accepted ``documents`` (each at most once); returns the new rows.

    A person accepts only for themselves, so the only refusal is someone not signed in
    (``AccessDenied``). Only a version in force can be accepted (``ServiceError`` code
    ``legal_changed`` otherwise: the page the person read is out of date). Audited.
    """
    user_pk = getattr(user, "pk", None)
    if not getattr(user, "is_authenticated", False) or not isinstance(user_pk, int):
        raise AccessDenied(_("ログインしてください。"))
    if how not in How.values:
        raise ServiceError(_("同意の場面が不正です。"))
    documents = list(documents)
    if any(not doc.is_current for doc in documents):
        raise ServiceError(
            _("個人情報の取扱いまたは利用規約が改定されました。最新の版を読んで、改めて同意してください。"),
            code="legal_changed",
        )
    now = timezone.now()
    created: list[Acceptance] = []
    with transaction.atomic():
        done = set(
            Acceptance.objects.filter(user_id=user_pk, document__in=documents).values_list(
                "document_id", flat=True
            )
        )
        for doc in documents:
            if doc.pk in done:
                continue
            created.append(Acceptance.objects.create(user_id=user_pk, document=doc, accepted_at=now, how=how))
            audit_record(
                actor=user,
                action="legal.accept",
                target=doc,
                after={"kind": doc.kind, "version": doc.version, "how": how},
                message=f"{doc.kind} {doc.version}",
            )
    return created
