"""Support offers of an APPROVED 普及賛同企業等: any member adds, changes, publishes or hides them.

Offers are never deleted: hiding one (unpublish) is how it is removed from the directory.
"""

from __future__ import annotations

from typing import Any

from django.db import transaction
from django.utils.translation import gettext as _

from secaction.accounts.models import User
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.services import audit_record, model_snapshot
from secaction.organizations.permissions import organization_member_require

from ..models import Supporter, SupporterStatus, SupportOffer
from ..validation import OfferInput, offer_input_clean
from ._common import _lock, _mail


def _approved_for(supporter: Supporter, user: User) -> Supporter:
    """The locked supporter; ``AccessDenied`` unless ``user`` is a member and the supporter is approved."""
    sup = _lock(supporter)
    organization_member_require(user, sup.organization)
    if sup.status != SupporterStatus.APPROVED:
        raise AccessDenied(_("支援策を登録・変更できるのは、承認された普及賛同企業等だけです。"))
    return sup


def _offer_lock(offer: SupportOffer) -> SupportOffer:
    return SupportOffer.objects.select_for_update().select_related("supporter__organization").get(pk=offer.pk)


def _offer_record(offer: SupportOffer, actor: User, verb: str, before: dict[str, Any]) -> None:
    audit_record(
        actor=actor, action=f"offer.{verb}", target=offer, before=before, after=model_snapshot(offer)
    )
    _mail(offer.supporter, "offer_changed", extra={"offer": offer, "event": verb, "actor": actor})


def offer_create(
    *, supporter: Supporter, user: User, data: OfferInput, publish: bool = False
) -> SupportOffer:
    """A member of an APPROVED supporter adds an offer, unpublished unless ``publish``."""
    with transaction.atomic():
        sup = _approved_for(supporter, user)
        clean = offer_input_clean(data)
        offer = SupportOffer.objects.create(
            supporter=sup,
            title=clean.title,
            category=clean.category,
            description=clean.description,
            audience=clean.audience,
            prefecture=clean.prefecture,
            url=clean.url,
            is_published=publish,
        )
        _offer_record(offer, user, "create", {})
    return offer


def offer_update(*, offer: SupportOffer, user: User, data: OfferInput) -> SupportOffer:
    """A member of an APPROVED supporter changes an offer; its published flag is unchanged."""
    with transaction.atomic():
        _approved_for(offer.supporter, user)
        clean = offer_input_clean(data)
        locked = _offer_lock(offer)
        before = model_snapshot(locked)
        locked.title = clean.title
        locked.category = clean.category
        locked.description = clean.description
        locked.audience = clean.audience
        locked.prefecture = clean.prefecture
        locked.url = clean.url
        locked.save()
        _offer_record(locked, user, "update", before)
    return locked


def _offer_set_published(offer: SupportOffer, user: User, published: bool) -> SupportOffer:
    with transaction.atomic():
        _approved_for(offer.supporter, user)
        locked = _offer_lock(offer)
        if locked.is_published == published:
            raise ServiceError(
                _("この支援策は既に公開されています。") if published else _("この支援策は既に非公開です。"),
                code="state",
            )
        before = model_snapshot(locked)
        locked.is_published = published
        locked.save()
        _offer_record(locked, user, "publish" if published else "unpublish", before)
    return locked


def offer_publish(*, offer: SupportOffer, user: User) -> SupportOffer:
    """Show an offer in the public directory (while its supporter is approved)."""
    return _offer_set_published(offer, user, True)


def offer_unpublish(*, offer: SupportOffer, user: User) -> SupportOffer:
    """Hide an offer; offers are never deleted, so this is also how one is "removed"."""
    return _offer_set_published(offer, user, False)
