"""Who a mail-out goes to: the recipient filter staff choose, stored in ``Mailout.filters``.

``RecipientFilter`` is pure: ``from_dict`` validates what a form or the stored JSON gives and raises
``core.errors.ServiceError`` keyed by field; ``as_dict`` is what ``Mailout.filters`` keeps. An empty
choice (no level, no prefecture …) means "any". The query it drives is
``mailouts.selectors.audience`` (docs/mail-outs.md, "Choosing recipients").
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass
from typing import Any

from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.organizations.choices import EMPLOYEE_BAND_CHOICES, INDUSTRY_CHOICES, PREFECTURE_CHOICES
from secaction.registry.models import PublicLevel, PublicStatus

LEVELS = tuple(PublicLevel.values)
STATUSES = tuple(PublicStatus.values)
PREFECTURES = tuple(code for code, _label in PREFECTURE_CHOICES)
INDUSTRIES = tuple(code for code, _label in INDUSTRY_CHOICES)
SIZES = tuple(code for code, _label in EMPLOYEE_BAND_CHOICES)
TRISTATE = ("any", "yes", "no")
LANGUAGES = ("all", "ja", "en")


@dataclass(frozen=True)
class RecipientFilter:
    """The conditions a declarer must meet to receive a mail-out; every set is "any of" (empty = any)."""

    levels: tuple[str, ...] = ()
    # By default only current declarers: a withdrawn or cancelled declaration is no longer in the programme.
    statuses: tuple[str, ...] = (PublicStatus.ACTIVE.value,)
    prefectures: tuple[str, ...] = ()
    industries: tuple[str, ...] = ()
    sizes: tuple[str, ...] = ()
    declared_from: dt.date | None = None
    declared_to: dt.date | None = None
    identity_verified: str = "any"  # any | yes | no (GビズID)
    supporter: str = "any"  # any | yes | no (an approved 普及賛同企業等)
    language: str = "all"  # all | ja | en (the owner's mail language)

    def as_dict(self) -> dict[str, Any]:
        """JSON-ready form for ``Mailout.filters``; ``from_dict(f.as_dict()) == f``."""
        return {
            "levels": list(self.levels),
            "statuses": list(self.statuses),
            "prefectures": list(self.prefectures),
            "industries": list(self.industries),
            "sizes": list(self.sizes),
            "declared_from": self.declared_from.isoformat() if self.declared_from else None,
            "declared_to": self.declared_to.isoformat() if self.declared_to else None,
            "identity_verified": self.identity_verified,
            "supporter": self.supporter,
            "language": self.language,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any] | None) -> RecipientFilter:
        """Validate and build; missing keys take their defaults, unknown keys are refused.

        Raises ``ServiceError`` keyed by field for an unknown choice, a malformed date or a date range
        whose start is after its end.
        """
        data = dict(data or {})
        errors: dict[str, list[str]] = {}
        unknown = sorted(set(data) - set(FIELDS))
        if unknown:
            errors["__all__"] = [
                _("宛先の条件に不明な項目があります: %(keys)s") % {"keys": ", ".join(unknown)}
            ]
        default = cls()
        values: dict[str, Any] = {}
        for name, allowed in CHOICE_SETS.items():
            raw = data.get(name, getattr(default, name))
            picked = _choices(raw, allowed)
            if picked is None:
                errors[name] = [_("選択肢にない値が含まれています。")]
            else:
                values[name] = picked
        for name in ("declared_from", "declared_to"):
            parsed = _date(data.get(name))
            if parsed is False:
                errors[name] = [_("日付は「2026-04-01」の形で指定してください。")]
            else:
                values[name] = parsed
        for name, allowed in SINGLE_CHOICES.items():
            value = data.get(name, getattr(default, name))
            if value not in allowed:
                errors[name] = [_("選択肢にない値です。")]
            else:
                values[name] = value
        start, end = values.get("declared_from"), values.get("declared_to")
        if start and end and start > end:
            errors["declared_to"] = [_("宣言日の範囲は、開始日を終了日より前にしてください。")]
        if errors:
            raise ServiceError(errors)
        return cls(**values)


CHOICE_SETS: dict[str, tuple[str, ...]] = {
    "levels": LEVELS,
    "statuses": STATUSES,
    "prefectures": PREFECTURES,
    "industries": INDUSTRIES,
    "sizes": SIZES,
}
SINGLE_CHOICES: dict[str, tuple[str, ...]] = {
    "identity_verified": TRISTATE,
    "supporter": TRISTATE,
    "language": LANGUAGES,
}
FIELDS = (*CHOICE_SETS, "declared_from", "declared_to", *SINGLE_CHOICES)


def _choices(raw: Any, allowed: tuple[str, ...]) -> tuple[str, ...] | None:
    """The distinct values in ``allowed`` order, or None when ``raw`` is not a list of allowed strings."""
    if raw is None:
        return ()
    if isinstance(raw, str) or not isinstance(raw, Iterable):
        return None
    items = list(raw)
    if not all(isinstance(item, str) and item in allowed for item in items):
        return None
    return tuple(value for value in allowed if value in items)


def _date(raw: Any) -> dt.date | bool | None:
    """A date from a ``date`` or an ISO string; None when empty; False when malformed."""
    if raw in (None, ""):
        return None
    if isinstance(raw, dt.datetime):
        return False
    if isinstance(raw, dt.date):
        return raw
    if not isinstance(raw, str):
        return False
    try:
        return dt.date.fromisoformat(raw)
    except ValueError:
        return False
