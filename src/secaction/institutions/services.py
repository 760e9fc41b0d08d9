"""Issuing, revoking and checking API keys.

Issuing and revoking are the programme office's: both check ``staff_require``
themselves and are audited. ``api_key_authenticate`` runs for every API call, before
anyone is known, so it has no actor to check.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.db import transaction
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.organizations.permissions import staff_require

from .models import ApiKey, Institution, api_key_hash, api_key_new

# Bulk CSV uploads live in services_uploads.py; exported here as services of the app like the others.
from .services_uploads import bulk_upload_create as bulk_upload_create
from .services_uploads import bulk_upload_process as bulk_upload_process
from .services_uploads import bulk_uploads_purge as bulk_uploads_purge

if TYPE_CHECKING:
    from secaction.accounts.models import User

# Writing last_used_at on every call would turn each read into a write.
LAST_USED_RESOLUTION = dt.timedelta(minutes=5)


@transaction.atomic
def api_key_issue(
    *, institution: str = "", contact: str, actor: User, note: str = "", holder: Institution | None = None
) -> tuple[ApiKey, str]:
    """Create a key (staff only); returns the row and the plain key, which is never stored and must be
    shown once. ``holder`` is the institution that holds it; ``institution`` the name written on the key
    (the holder's name when empty)."""
    staff_require(actor)
    if holder is not None and not institution:
        institution = holder.name
    institution, contact = (institution or "").strip(), (contact or "").strip()
    if not institution:
        raise ServiceError({"institution": _("機関名を入力してください。")})
    if not contact:
        raise ServiceError({"contact": _("連絡先を入力してください。")})
    key = api_key_new()
    row = ApiKey.objects.create(
        holder=holder,
        institution=institution,
        contact=contact,
        note=note,
        key_prefix=key[:10],
        key_hash=api_key_hash(key),
        created_by=actor,
    )
    audit_record(
        actor=actor,
        action="api_key.issue",
        target=row,
        after=model_snapshot(row, ["institution", "contact", "key_prefix"]),
    )
    return row, key


@transaction.atomic
def api_key_revoke(*, api_key: ApiKey, actor: User) -> ApiKey:
    """Revoke a key for good (staff only; idempotent). Revoked keys are kept for the record."""
    staff_require(actor)
    if api_key.revoked_at is None:
        api_key.revoked_at = timezone.now()
        api_key.save(update_fields=["revoked_at"])
        audit_record(
            actor=actor, action="api_key.revoke", target=api_key, after={"revoked_at": api_key.revoked_at}
        )
    return api_key


def api_key_authenticate(key: str) -> tuple[ApiKey | None, str]:
    """The key's row and "" if usable, else None and the reason: ``invalid`` or ``revoked``."""
    row = ApiKey.objects.filter(key_hash=api_key_hash(key.strip())).first()
    if row is None:
        return None, "invalid"
    if row.revoked_at is not None:
        return None, "revoked"
    now = timezone.now()
    if row.last_used_at is None or now - row.last_used_at > LAST_USED_RESOLUTION:
        ApiKey.objects.filter(pk=row.pk).update(last_used_at=now)
        row.last_used_at = now
    return row, ""
