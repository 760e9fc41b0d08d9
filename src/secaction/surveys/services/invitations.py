"""Creating invitations in bulk, for the mail-out engine's build step."""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from itertools import islice

from ..models import Invitation, Survey
from ..tokens import invitation_token, token_hash

CHUNK = 2000


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
    """Create an invitation per seed not yet invited to ``survey`` (by organisation, else by address).

    Returns how many were created. Set-based (``bulk_create`` in chunks, conflicts ignored), so a
    300,000-recipient build stays within seconds; calling it again for the same seeds creates nothing.
    Only attributes the survey keeps (``Survey.attributes``) are stored. The caller (the mail-out
    build, ``mailouts.services``) has checked that staff asked for it.
    """
    keep = set(survey.attributes or Survey.ATTRIBUTES)
    created = 0
    iterator = iter(seeds)
    while chunk := list(islice(iterator, CHUNK)):
        rows = [
            Invitation(
                survey=survey,
                token_hash=token_hash(invitation_token(survey.pk, seed.email)),
                organization_id=seed.organization_id,
                email=seed.email,
                language=seed.language,
                **{name: getattr(seed, name) for name in Survey.ATTRIBUTES if name in keep},
            )
            for seed in chunk
        ]
        before = Invitation.objects.filter(survey=survey).count()
        Invitation.objects.bulk_create(rows, ignore_conflicts=True)
        created += Invitation.objects.filter(survey=survey).count() - before
    return created
