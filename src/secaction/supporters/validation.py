"""Pure checks of what an owner types for a supporter or an offer: no database, no actor.

The services call these before writing; the forms reuse :func:`contact_errors` so a bad
contact is refused next to its field before the service is reached.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.core.exceptions import ValidationError
from django.core.validators import EmailValidator, URLValidator
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.public_text import public_text_errors
from secaction.organizations.choices import PREFECTURE_CHOICES

from .models import NATIONWIDE, OfferAudience, OfferCategory, SupporterKind


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


def supporter_input_clean(data: SupporterInput) -> SupporterInput:
    """``data`` trimmed, or ``ServiceError`` keyed by every field at fault."""
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
    # The directory shows these to everyone: no invisible control or format characters.
    public = {"description": description, "contact": data.contact}
    errors = {**public_text_errors(public, public, multiline=["description"]), **errors}
    if errors:
        raise ServiceError(errors)
    return SupporterInput(
        kind=data.kind, description=description, contact=data.contact.strip(), website=website
    )


def offer_input_clean(data: OfferInput) -> OfferInput:
    """``data`` trimmed, or ``ServiceError`` keyed by every field at fault."""
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
    public = {"title": title, "description": description}
    errors = {**public_text_errors(public, public, multiline=["description"]), **errors}
    if errors:
        raise ServiceError(errors)
    return OfferInput(
        title=title,
        category=data.category,
        description=description,
        audience=data.audience,
        prefecture=data.prefecture,
        url=url,
    )


def required_text(text: str, what: str) -> str:
    """``text`` stripped, or ``ServiceError`` saying that ``what`` must be filled in."""
    clean = (text or "").strip()
    if not clean:
        raise ServiceError(_("%(what)sを入力してください。") % {"what": what}, code="required")
    return clean
