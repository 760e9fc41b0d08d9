"""Writes for 普及賛同企業等 (supporters) and their support offers. Every transition is audited and mailed.

State machine (see docs/supporters.md):

    (none) --apply (owner)--> PENDING --approve (staff)--> APPROVED
                              PENDING --return (staff)---> RETURNED --resubmit (owner)--> PENDING
    PENDING / RETURNED / APPROVED --suspend (staff, reason)--> SUSPENDED
    PENDING / RETURNED / APPROVED --withdraw (owner)--------> WITHDRAWN --apply (owner)--> PENDING

A suspended supporter cannot withdraw or apply again by itself: lifting a suspension is the
programme office's decision, made outside the portal's self-service.

Only an APPROVED supporter's published offers are public. Nothing is deleted: a withdrawn or
suspended supporter keeps its row and its offers, which simply stop being shown. An organisation
that withdrew may apply again; the same row goes back to PENDING.
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.core.exceptions import PermissionDenied, ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.db import transaction
from django.urls import reverse
from django.utils import timezone
from django.utils.translation import gettext as _

from secaction.core.services import audit_record, mail_send, model_snapshot
from secaction.organizations.choices import PREFECTURE_CHOICES
from secaction.organizations.models import Organization
from secaction.organizations.permissions import (
    organization_member_require,
    organization_owner_require,
    staff_require,
)
from secaction.organizations.selectors import organization_owners

from .models import (
    NATIONWIDE,
    OfferAudience,
    OfferCategory,
    Supporter,
    SupporterKind,
    SupporterStatus,
    SupportOffer,
)

WITHDRAWABLE = (SupporterStatus.PENDING, SupporterStatus.RETURNED, SupporterStatus.APPROVED)
SUSPENDABLE = (SupporterStatus.PENDING, SupporterStatus.RETURNED, SupporterStatus.APPROVED)


@dataclass(frozen=True)
class SupporterInput:
    """What the owner fills in when applying or resubmitting."""

    kind: str
    description: str
    contact: str
    website: str = ""


@dataclass(frozen=True)
class OfferInput:
    """The fields of a support offer."""

    title: str
    category: str
    description: str
    audience: str
    prefecture: str = NATIONWIDE
    url: str = ""


# --- checks --------------------------------------------------------------------------------------


def _is_web_url(text: str) -> bool:
    try:
        URLValidator(schemes=["http", "https"])(text)
    except ValidationError:
        return False
    return True


def _text_checked(
    errors: dict[str, str], field: str, value: str, limit: int, missing: str, too_long: str
) -> str:
    """``value`` stripped; records ``missing`` or ``too_long`` under ``field`` in ``errors`` when it is."""
    text = value.strip()
    if not text:
        errors[field] = missing
    elif len(text) > limit:
        errors[field] = too_long
    return text


def contact_errors(contact: str) -> str | None:
    """A message when ``contact`` is neither an e-mail address nor an http(s) URL, else None."""
    text = contact.strip()
    if not text:
        return _("問合せ先を入力してください。")
    if text.startswith("http"):
        valid = _is_web_url(text)
    else:
        try:
            EmailValidator()(text)
            valid = True
        except ValidationError:
            valid = False
    return None if valid else _("問合せ先は、メールアドレスか https:// で始まるURLで入力してください。")


def _clean_supporter(data: SupporterInput) -> SupporterInput:
    errors: dict[str, str] = {}
    if data.kind not in SupporterKind.values:
        errors["kind"] = _("種別を選んでください。")
    description = _text_checked(
        errors,
        "description",
        data.description,
        2000,
        _("普及促進の取組みを入力してください。"),
        _("普及促進の取組みは2000文字以内で入力してください。"),
    )
    problem = contact_errors(data.contact)
    if problem:
        errors["contact"] = problem
    website = data.website.strip()
    if website and not _is_web_url(website):
        errors["website"] = _("ウェブサイトは http:// または https:// で始まるURLで入力してください。")
    if errors:
        raise ValidationError(errors)
    return SupporterInput(
        kind=data.kind, description=description, contact=data.contact.strip(), website=website
    )


def _clean_offer(data: OfferInput) -> OfferInput:
    errors: dict[str, str] = {}
    title = _text_checked(
        errors,
        "title",
        data.title,
        200,
        _("支援策の名称を入力してください。"),
        _("支援策の名称は200文字以内で入力してください。"),
    )
    if data.category not in OfferCategory.values:
        errors["category"] = _("支援策の種類を選んでください。")
    description = _text_checked(
        errors,
        "description",
        data.description,
        4000,
        _("支援策の内容を入力してください。"),
        _("支援策の内容は4000文字以内で入力してください。"),
    )
    if data.audience not in OfferAudience.values:
        errors["audience"] = _("対象を選んでください。")
    if data.prefecture != NATIONWIDE and data.prefecture not in dict(PREFECTURE_CHOICES):
        errors["prefecture"] = _("提供地域を選んでください。")
    url = data.url.strip()
    if url and not _is_web_url(url):
        errors["url"] = _("URLは http:// または https:// で始まる形で入力してください。")
    if errors:
        raise ValidationError(errors)
    return OfferInput(
        title=title,
        category=data.category,
        description=description,
        audience=data.audience,
        prefecture=data.prefecture,
        url=url,
    )


def _lock(supporter: Supporter) -> Supporter:
    return Supporter.objects.select_for_update().select_related("organization").get(pk=supporter.pk)


# --- records -------------------------------------------------------------------------------------


def supporter_recipients(supporter: Supporter) -> list[Any]:
    """Who is told about a supporter's transitions: the organisation's active owners."""
    return organization_owners(supporter.organization_id)


def _mail(
    supporter: Supporter, template: str, message: str = "", extra: dict[str, Any] | None = None
) -> None:
    base = settings.SITE_URL
    context: dict[str, Any] = {
        "supporter": supporter,
        "organization": supporter.organization,
        "message": message,
        "supporter_url": base + reverse("supporters:mine"),
        "public_url": base + reverse("supporters:detail", args=[supporter.pk]),
        "mypage_url": base + reverse("mypage:index"),
        **(extra or {}),
    }
    for user in supporter_recipients(supporter):
        mail_send(
            to=user.email,
            template=f"supporters/email/{template}",
            context={**context, "recipient": user},
            language=user.language,
        )


def _record(
    supporter: Supporter, actor: Any, verb: str, before: dict[str, Any], *, message: str = ""
) -> None:
    audit_record(
        actor=actor,
        action=f"supporter.{verb}",
        target=supporter,
        before=before,
        after=model_snapshot(supporter),
        message=message,
    )
    _mail(supporter, verb, message)


def _require_text(text: str, what: str) -> str:
    clean = (text or "").strip()
    if not clean:
        raise ValidationError(_("%(what)sを入力してください。") % {"what": what}, code="required")
    return clean


# --- supporters ----------------------------------------------------------------------------------


def supporter_apply(
    *, organization: Organization, user: Any, data: SupporterInput, agreed: bool
) -> Supporter:
    """An owner applies for ``organization`` to become a 普及賛同企業等; it waits for staff review.

    ``agreed`` is the ticked 「制度の趣旨に賛同し、普及促進に取り組みます」. An organisation that
    withdrew earlier applies again on the same row. Raises ``PermissionDenied`` for anyone but an
    owner, ``ValidationError`` for missing agreement, bad input, or an existing open registration.
    """
    clean = _clean_supporter(data)
    if not agreed:
        raise ValidationError(
            {"agreed": _("制度の趣旨への賛同にチェックを入れてください。")}, code="agreement"
        )
    with transaction.atomic():
        org = Organization.objects.select_for_update().get(pk=organization.pk)
        organization_owner_require(user, org)
        now = timezone.now()
        existing = Supporter.objects.select_for_update().filter(organization=org).first()
        if existing is not None and existing.status != SupporterStatus.WITHDRAWN:
            if existing.status == SupporterStatus.SUSPENDED:
                raise ValidationError(
                    _("この事業者の普及賛同企業等の掲載は停止されています。事務局にお問い合わせください。"),
                    code="suspended",
                )
            raise ValidationError(
                _("この事業者は既に普及賛同企業等として申請しています。状況を確認してください。"),
                code="exists",
            )
        supporter = existing or Supporter(organization=org)
        before = model_snapshot(supporter) if existing else {}
        supporter.kind = clean.kind
        supporter.description = clean.description
        supporter.contact = clean.contact
        supporter.website = clean.website
        supporter.status = SupporterStatus.PENDING
        supporter.status_reason = ""
        supporter.agreed_at = now
        supporter.agreed_by = user
        supporter.applied_at = now
        supporter.reviewed_at = None
        supporter.reviewed_by = None
        supporter.save()
        _record(supporter, user, "apply", before)
    return supporter


def supporter_update(*, supporter: Supporter, user: Any, data: SupporterInput) -> Supporter:
    """An owner changes the public profile (kind, description, contact, website) without a new review."""
    clean = _clean_supporter(data)
    with transaction.atomic():
        sup = _lock(supporter)
        organization_owner_require(user, sup.organization)
        if sup.status not in (SupporterStatus.PENDING, SupporterStatus.APPROVED):
            raise ValidationError(_("この状態では掲載内容を変更できません。"), code="state")
        before = model_snapshot(sup)
        sup.kind, sup.description, sup.contact, sup.website = (
            clean.kind,
            clean.description,
            clean.contact,
            clean.website,
        )
        sup.save()
        audit_record(
            actor=user, action="supporter.update", target=sup, before=before, after=model_snapshot(sup)
        )
    return sup


def supporter_resubmit(*, supporter: Supporter, user: Any, data: SupporterInput, agreed: bool) -> Supporter:
    """An owner sends a RETURNED application again after correcting it; it goes back to PENDING."""
    clean = _clean_supporter(data)
    if not agreed:
        raise ValidationError(
            {"agreed": _("制度の趣旨への賛同にチェックを入れてください。")}, code="agreement"
        )
    with transaction.atomic():
        sup = _lock(supporter)
        organization_owner_require(user, sup.organization)
        if sup.status != SupporterStatus.RETURNED:
            raise ValidationError(_("この申請は差し戻されていないため、再申請できません。"), code="state")
        before = model_snapshot(sup)
        now = timezone.now()
        sup.kind, sup.description, sup.contact, sup.website = (
            clean.kind,
            clean.description,
            clean.contact,
            clean.website,
        )
        sup.status = SupporterStatus.PENDING
        sup.agreed_at = now
        sup.agreed_by = user
        sup.applied_at = now
        sup.save()
        _record(sup, user, "resubmit", before)
    return sup


def _staff_transition(
    supporter: Supporter,
    staff: Any,
    *,
    allowed_from: Iterable[str],
    to: str,
    verb: str,
    refusal: str,
    message: str = "",
) -> Supporter:
    """Move a supporter from one of ``allowed_from`` to ``to`` as a staff decision, audited and mailed.

    ``message`` (already checked by the caller) becomes the status reason the owners see;
    ``refusal`` is the error when the supporter is in another state. The caller has
    checked that ``staff`` is staff, before looking at the message.
    """
    with transaction.atomic():
        sup = _lock(supporter)
        if sup.status not in allowed_from:
            raise ValidationError(refusal, code="state")
        before = model_snapshot(sup)
        sup.status = to
        sup.status_reason = message
        sup.reviewed_at = timezone.now()
        sup.reviewed_by = staff
        sup.save()
        _record(sup, staff, verb, before, message=message)
    return sup


def supporter_approve(*, supporter: Supporter, staff: Any) -> Supporter:
    """Staff approve a PENDING application: the supporter and its published offers become public."""
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=[SupporterStatus.PENDING],
        to=SupporterStatus.APPROVED,
        verb="approve",
        refusal=_("確認待ちの申請だけを承認できます。"),
    )


def supporter_return(*, supporter: Supporter, staff: Any, message: str) -> Supporter:
    """Staff return a PENDING application with a message the applicant sees on the page and in the mail."""
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=[SupporterStatus.PENDING],
        to=SupporterStatus.RETURNED,
        verb="return",
        refusal=_("確認待ちの申請だけを差し戻せます。"),
        message=_require_text(message, _("申請者への連絡")),
    )


def supporter_suspend(*, supporter: Supporter, staff: Any, reason: str) -> Supporter:
    """Staff stop showing a supporter (misuse); its offers disappear from the public pages at once."""
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=SUSPENDABLE,
        to=SupporterStatus.SUSPENDED,
        verb="suspend",
        refusal=_("この状態の登録は掲載停止にできません。"),
        message=_require_text(reason, _("掲載停止の理由")),
    )


def supporter_reinstate(*, supporter: Supporter, staff: Any, message: str) -> Supporter:
    """Staff lift a suspension: the supporter and its published offers are shown again.

    Takes a message (what was corrected, or why the suspension ended) that is
    recorded and mailed to the owners, as the suspension's reason was.
    """
    staff_require(staff)
    return _staff_transition(
        supporter,
        staff,
        allowed_from=[SupporterStatus.SUSPENDED],
        to=SupporterStatus.APPROVED,
        verb="reinstate",
        refusal=_("掲載停止中の登録だけを再開できます。"),
        message=_require_text(message, _("掲載再開の連絡")),
    )


def supporter_withdraw(*, supporter: Supporter, user: Any, reason: str = "") -> Supporter:
    """An owner ends the registration; the record and its offers are kept but no longer shown."""
    with transaction.atomic():
        sup = _lock(supporter)
        organization_owner_require(user, sup.organization)
        if sup.status not in WITHDRAWABLE:
            raise ValidationError(_("この状態の登録は取り下げられません。"), code="state")
        before = model_snapshot(sup)
        sup.status = SupporterStatus.WITHDRAWN
        sup.status_reason = (reason or "").strip()
        sup.save()
        _record(sup, user, "withdraw", before, message=sup.status_reason)
    return sup


# --- offers --------------------------------------------------------------------------------------


def _approved_for(supporter: Supporter, user: Any) -> Supporter:
    sup = _lock(supporter)
    organization_member_require(user, sup.organization)
    if sup.status != SupporterStatus.APPROVED:
        raise PermissionDenied(_("支援策を登録・変更できるのは、承認された普及賛同企業等だけです。"))
    return sup


def _offer_record(offer: SupportOffer, actor: Any, verb: str, before: dict[str, Any]) -> None:
    audit_record(
        actor=actor, action=f"offer.{verb}", target=offer, before=before, after=model_snapshot(offer)
    )
    _mail(offer.supporter, "offer_changed", extra={"offer": offer, "event": verb, "actor": actor})


def offer_create(*, supporter: Supporter, user: Any, data: OfferInput, publish: bool = False) -> SupportOffer:
    """A member of an APPROVED supporter adds an offer, unpublished unless ``publish``."""
    clean = _clean_offer(data)
    with transaction.atomic():
        sup = _approved_for(supporter, user)
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


def offer_update(*, offer: SupportOffer, user: Any, data: OfferInput) -> SupportOffer:
    """A member of an APPROVED supporter changes an offer; its published flag is unchanged."""
    clean = _clean_offer(data)
    with transaction.atomic():
        _approved_for(offer.supporter, user)
        locked = (
            SupportOffer.objects.select_for_update()
            .select_related("supporter__organization")
            .get(pk=offer.pk)
        )
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


def _offer_set_published(offer: SupportOffer, user: Any, published: bool) -> SupportOffer:
    with transaction.atomic():
        _approved_for(offer.supporter, user)
        locked = (
            SupportOffer.objects.select_for_update()
            .select_related("supporter__organization")
            .get(pk=offer.pk)
        )
        if locked.is_published == published:
            raise ValidationError(
                _("この支援策は既に公開されています。") if published else _("この支援策は既に非公開です。"),
                code="state",
            )
        before = model_snapshot(locked)
        locked.is_published = published
        locked.save()
        _offer_record(locked, user, "publish" if published else "unpublish", before)
    return locked


def offer_publish(*, offer: SupportOffer, user: Any) -> SupportOffer:
    """Show an offer in the public directory (while its supporter is approved)."""
    return _offer_set_published(offer, user, True)


def offer_unpublish(*, offer: SupportOffer, user: Any) -> SupportOffer:
    """Hide an offer; offers are never deleted, so this is also how one is "removed"."""
    return _offer_set_published(offer, user, False)
