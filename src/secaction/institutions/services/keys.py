"""Institutions, their contacts and API keys, and the daily count of each key's use.

Creating institutions, adding contacts, issuing, assigning and revoking keys are the programme office's:
each checks ``staff_require`` itself and is audited. ``api_key_authenticate`` and ``api_usage_record`` run
for every keyed API call, before anyone is known, so they have no actor to check.
"""

from __future__ import annotations

import datetime as dt
from typing import TYPE_CHECKING

from django.conf import settings
from django.db import connection, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.accounts.selectors import user_by_email
from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send, model_snapshot
from secaction.organizations.permissions import staff_require

from ..models import ApiKey, ApiUsageDay, Institution, InstitutionContact, api_key_hash, api_key_new
from ..usage import usage_day

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


def api_usage_record(api_key_id: int, rows: int = 0, *, requests: int = 1) -> None:
    """Count a keyed request (``requests``, 1 by default) and the rows it checked on today's row of the key.

    One ``INSERT … ON CONFLICT DO UPDATE`` statement (PostgreSQL and SQLite alike), so concurrent calls add up
    without a lost update and without a read. Call it with ``requests=0`` to add the rows of work counted
    after the request itself (a batch's size, an upload's rows).
    """
    if requests <= 0 and rows <= 0:
        return
    table = connection.ops.quote_name(ApiUsageDay._meta.db_table)
    q = connection.ops.quote_name
    sql = (
        # Only quoted names of our own model go into the text; the values are parameters.
        f"INSERT INTO {table} ({q('api_key_id')}, {q('day')}, {q('requests')}, {q('rows')}) "  # noqa: S608
        f"VALUES (%s, %s, %s, %s) ON CONFLICT ({q('api_key_id')}, {q('day')}) DO UPDATE SET "
        f"{q('requests')} = {table}.{q('requests')} + EXCLUDED.{q('requests')}, "
        f"{q('rows')} = {table}.{q('rows')} + EXCLUDED.{q('rows')}"
    )
    with connection.cursor() as cursor:
        cursor.execute(sql, [api_key_id, usage_day(), max(requests, 0), max(rows, 0)])


@transaction.atomic
def institution_create(*, actor: User, name: str, kind: str, note: str = "") -> Institution:
    """Register an institution (staff only). Names are unique: two offices cannot be confused on a key."""
    staff_require(actor)
    name = (name or "").strip()
    if not name:
        raise ServiceError({"name": _("機関名を入力してください。")})
    if kind not in Institution.Kind.values:
        raise ServiceError({"kind": _("種類を選んでください。")})
    if Institution.objects.filter(name__iexact=name).exists():
        raise ServiceError({"name": _("同じ名前の機関がすでに登録されています。")})
    row = Institution.objects.create(name=name, kind=kind, note=(note or "").strip(), created_by=actor)
    audit_record(
        actor=actor, action="institution.create", target=row, after=model_snapshot(row, ["name", "kind"])
    )
    return row


@transaction.atomic
def institution_active_set(*, actor: User, institution: Institution, is_active: bool) -> Institution:
    """Deactivate an institution (its contacts lose the portal; its keys stay as they are) or bring it back."""
    staff_require(actor)
    if institution.is_active != is_active:
        institution.is_active = is_active
        institution.save(update_fields=["is_active"])
        audit_record(
            actor=actor,
            action="institution.activate" if is_active else "institution.deactivate",
            target=institution,
            after={"is_active": is_active},
        )
    return institution


@transaction.atomic
def institution_contact_add(*, actor: User, institution: Institution, email: str) -> InstitutionContact:
    """Make the account with this address a contact of the institution (staff only) and tell them by mail.

    The person must already have an account (they sign up on the portal first): the portal shows an
    institution's usage and files, so access goes to a known, signed-in person, never to a mailed link.
    A deactivated contact is reactivated.
    """
    staff_require(actor)
    user = user_by_email(email)
    if user is None:
        raise ServiceError(
            {
                "email": _(
                    "このメールアドレスのアカウントがありません。担当者に先にポータルで新規登録してもらってから追加してください。"
                )
            }
        )
    contact, created = InstitutionContact.objects.get_or_create(institution=institution, user=user)
    if not created and contact.is_active:
        raise ServiceError({"email": _("この方はすでにこの機関の担当者です。")})
    if not created:
        contact.is_active = True
        contact.save(update_fields=["is_active"])
    audit_record(
        actor=actor,
        action="institution.contact_add",
        target=contact,
        after={"institution": institution.pk, "user": user.pk, "email": user.email},
    )
    mail_send(
        to=user.email,
        template="institutions/email/contact_added",
        language=user.language or settings.LANGUAGE_CODE,
        context={
            "institution_name": institution.name,
            "portal_url": settings.SITE_URL + reverse("institutions:home"),
        },
    )
    return contact


@transaction.atomic
def institution_contact_deactivate(*, actor: User, contact: InstitutionContact) -> InstitutionContact:
    """End a contact's access to the institution's portal (staff only; idempotent). The row stays on record."""
    staff_require(actor)
    if contact.is_active:
        contact.is_active = False
        contact.save(update_fields=["is_active"])
        audit_record(
            actor=actor, action="institution.contact_deactivate", target=contact, after={"is_active": False}
        )
    return contact


@transaction.atomic
def api_key_assign(*, actor: User, api_key: ApiKey, holder: Institution) -> ApiKey:
    """Give a key issued before institutions existed (no holder) to an institution (staff only).

    A key that already has a holder is never moved: its use so far belongs to that holder.
    """
    staff_require(actor)
    if api_key.holder_id == holder.pk:
        return api_key
    if api_key.holder_id is not None:
        raise ServiceError(
            {"holder": _("このAPIキーはすでに別の機関のものです。機関を変えることはできません。")}
        )
    api_key.holder = holder
    api_key.save(update_fields=["holder"])
    audit_record(actor=actor, action="api_key.assign", target=api_key, after={"holder": holder.pk})
    return api_key
