"""Creating invitations in bulk, for the mail-out engine's build step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from django.utils import timezone

from secaction.core.bulk import rows_insert

from ..models import Invitation, Survey
from ..tokens import invitation_token, token_hash

CHUNK = 5000
COLUMNS = (
    "survey_id",
    "token_hash",
    "organization_id",
    "email",
    "language",
    "level",
    "prefecture",
    "industry",
    "size",
    "status",
    "created_at",
)


@dataclass(frozen=True)
class InvitationSeed:
    """One invited organisation and the attributes an anonymous response will keep."""

    email: str
    organization_id: int | None
    language: str = "ja"
    level: str = ""
    prefecture: str = ""
    industry: str = ""
    size: str = ""


def invitations_create(survey: Survey, seeds: Iterable[InvitationSeed]) -> int:
    """Create an invitation per seed not yet invited to ``survey`` (by organisation or by token); return
    how many were created.

    Set-based (``core.bulk.rows_insert``: COPY on PostgreSQL, conflicts skipped), so a 300,000-recipient
    build stays within seconds; calling it again for the same seeds creates nothing. Only the attributes
    the survey keeps (``Survey.attributes``) are stored. The caller (the mail-out build,
    ``mailouts.services``) has checked that staff asked for it.
    """
    keep = set(survey.attributes or Survey.ATTRIBUTES)
    now = timezone.now()
    created = 0
    iterator = iter(seeds)
    while chunk := list(islice(iterator, CHUNK)):
        rows = [
            (
                survey.pk,
                token_hash(invitation_token(survey.pk, seed.email)),
                seed.organization_id,
                seed.email,
                seed.language,
                *(getattr(seed, name) if name in keep else "" for name in Survey.ATTRIBUTES),
                Invitation.Status.INVITED.value,
                now,
            )
            for seed in chunk
        ]
        created += rows_insert(Invitation, COLUMNS, rows, ignore_conflicts=True)
    return created
