"""Private helpers the declaration services share: row locks, history events, audit and mail.

Nothing here checks who is acting or is called from outside ``declarations.services``.
"""

from __future__ import annotations

import secrets
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.services import audit_record, mail_send, model_snapshot
from secaction.organizations.permissions import organization_member_require, organization_owner_require

from ..ids import declaration_id_generate
from ..links import verify_path
from ..models import Declaration, DeclarationEvent, EventKind, ProgrammeSettings, Status
from ..selectors import declaration_recipients

if TYPE_CHECKING:
    from secaction.accounts.models import User

ID_ATTEMPTS = 10
# The random source of new IDs (a CSPRNG); a module attribute so that tests can force a collision.
id_randbelow: Callable[[int], int] = secrets.randbelow


def _lock(declaration: Declaration) -> Declaration:
    return Declaration.objects.select_for_update().select_related("organization").get(pk=declaration.pk)


def _lock_for(declaration: Declaration, user: User, *, owner: bool = False) -> Declaration:
    """Lock the declaration's row for ``user``, a member (or with ``owner``, an owner) of its organisation."""
    decl = _lock(declaration)
    if owner:
        organization_owner_require(user, decl.organization)
    else:
        organization_member_require(user, decl.organization)
    return decl


def _require_reason(reason: str, what: str, field: str = "reason") -> str:
    text = (reason or "").strip()
    if not text:
        raise ServiceError(
            {
                field: [
                    ServiceError(_("%(what)sを入力してください。") % {"what": what}, code="reason_required")
                ]
            }
        )
    return text


def _issue_id(declaration: Declaration) -> None:
    """Give the declaration a fresh ID, retrying when a random one is already taken.

    New IDs share one namespace with the imported legacy IDs (both start with 4);
    the unique constraint on ``Declaration.declaration_id`` is the arbiter, so two
    concurrent issuers cannot both win the same ID.
    """
    for _attempt in range(ID_ATTEMPTS):
        declaration.declaration_id = declaration_id_generate(id_randbelow)
        try:
            with transaction.atomic():  # a savepoint, so a collision does not spoil the outer transaction
                declaration.save(update_fields=["declaration_id"])
        except IntegrityError:
            continue
        return
    raise RuntimeError("could not find a free declaration ID")  # 10 collisions in a 10^9 space: a bug


def _event(
    declaration: Declaration, kind: str, actor: User | None, message: str = "", *, by_staff: bool = False
) -> DeclarationEvent:
    return DeclarationEvent.objects.create(
        declaration=declaration,
        kind=kind,
        actor=actor if getattr(actor, "is_authenticated", False) else None,
        by_staff=by_staff,
        level=declaration.level,
        status=declaration.status,
        message=message,
    )


def _mail(declaration: Declaration, template: str, extra: dict[str, Any] | None = None) -> None:
    base = settings.SITE_URL
    context: dict[str, Any] = {
        "declaration": declaration,
        "organization": declaration.organization,
        "mypage_url": base + reverse("mypage:index"),
        "logo_url": base + reverse("declarations:logo"),
        "verify_url": base + verify_path(declaration.declaration_id) if declaration.declaration_id else "",
        "target_days": ProgrammeSettings.load().review_target_days,
        **(extra or {}),
    }
    for user in declaration_recipients(declaration):
        mail_send(
            to=user.email,
            template=f"declarations/email/{template}",
            context={**context, "recipient": user},
            language=user.language,
        )


def _audit(
    actor: User | None, action: str, declaration: Declaration, before: dict[str, Any], message: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=action,
        target=declaration,
        before=before,
        after=model_snapshot(declaration),
        message=message,
    )


def _transition_record(
    declaration: Declaration,
    kind: EventKind,
    actor: User,
    action: str,
    before: dict[str, Any],
    *,
    reason: str = "",
    by_staff: bool = False,
) -> None:
    """Record a saved transition: the declaration's history, the audit log, and the mail to its people.

    The mail template is the one named after ``kind`` (e.g. ``returned``). ``reason``, when given,
    goes into all three: the event, the audit message, and the mail as ``message``.
    """
    _event(declaration, kind, actor, reason, by_staff=by_staff)
    _audit(actor, action, declaration, before, message=reason)
    _mail(declaration, kind.value, {"message": reason} if reason else None)


def _activate(declaration: Declaration, actor: User, *, by_staff: bool) -> None:
    now = timezone.now()
    declaration.status = Status.ACTIVE
    declaration.declared_at = now
    # A new declaration counts as confirmed when it starts (docs/privacy-and-retention.md, "Confirmation").
    declaration.last_confirmed_at = now
    declaration.status_reason = ""
    declaration.save()
    if not declaration.declaration_id:
        _issue_id(declaration)
    _event(declaration, EventKind.ISSUED, actor, by_staff=by_staff)
