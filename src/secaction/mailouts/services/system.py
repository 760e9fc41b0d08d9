"""System mail-outs: built by an app above mailouts with its own recipient list, never composed by staff.

The app (e.g. ``continuation``) selects its recipients set-based and calls ``mailout_system_create`` in
its own transaction, so the mail-out, its recipients and the app's own rows commit together or not at
all. The rows go through the build step's bulk insert (``rows_insert``, COPY on PostgreSQL) and the
delivery starts after commit exactly as for a staff mail-out; the suppression list is applied here as
in ``selectors.audience`` (and once more by the delivery step when each batch is claimed).
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from django.conf import settings
from django.db import transaction

from secaction.core.services import audit_record

from ..models import SYSTEM_KINDS, Mailout, Suppression
from ..selectors.audience import AudienceRow
from .build import CHUNK, _recipients, _write
from .delivery import mailout_deliveries_start


@dataclass(frozen=True)
class SystemText:
    """The subject and body of a system mail-out in Japanese and (optionally) English."""

    subject_ja: str
    body_ja: str
    subject_en: str = ""
    body_en: str = ""


def _unsuppressed(rows: Iterable[AudienceRow]) -> Iterable[list[AudienceRow]]:
    """Chunks of ``rows`` without suppressed addresses and without a second row for the same address."""
    seen: set[str] = set()
    it = iter(rows)
    while chunk := list(islice(it, CHUNK)):
        addresses = {row.email.strip().lower() for row in chunk}
        # ``Suppression.email`` is stored lower-cased: the unique index answers this.
        suppressed = set(Suppression.objects.filter(email__in=addresses).values_list("email", flat=True))
        kept = []
        for row in chunk:
            address = row.email.strip().lower()
            if address in suppressed or address in seen:
                continue
            seen.add(address)
            kept.append(row)
        yield kept


def mailout_system_create(*, kind: str, text: SystemText, rows: Iterable[AudienceRow]) -> Mailout | None:
    """Create a system mail-out of ``kind`` to ``rows`` and start its delivery (after commit).

    No actor: called by a background task of the app that owns ``kind`` (which checked nothing a user
    could reach). Suppressed addresses and repeated addresses are left out; returns None, creating
    nothing, when no row is left. Runs in the caller's transaction. The message is rendered per
    recipient at send time, with the placeholders of the builder registered for ``kind``.
    """
    if kind not in SYSTEM_KINDS:
        raise ValueError(f"{kind!r} is not a system mail-out kind")
    mailout: Mailout | None = None
    total = 0
    with transaction.atomic():
        for chunk in _unsuppressed(rows):
            if not chunk:
                continue
            if mailout is None:  # created with the first recipient: no empty mail-out when nobody is left
                mailout = Mailout.objects.create(
                    kind=kind,
                    status=Mailout.Status.BUILDING,
                    subject_ja=text.subject_ja,
                    subject_en=text.subject_en,
                    body_ja=text.body_ja,
                    body_en=text.body_en,
                    rate_per_second=settings.MAILOUT_DEFAULT_RATE,
                    created_by=None,
                )
            _write(_recipients(mailout, chunk))
            total += len(chunk)
        if mailout is None:
            return None
        mailout.recipients_total = total
        mailout.save(update_fields=["recipients_total"])
        audit_record(
            actor=None,
            action="mailout.system_create",
            target=mailout,
            after={"kind": kind, "status": mailout.status, "recipients_total": total},
        )
        mailout_deliveries_start(mailout.pk)
    return mailout
