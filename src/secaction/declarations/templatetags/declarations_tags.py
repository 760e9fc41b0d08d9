"""My Page panel of the declarations app."""

from __future__ import annotations

from typing import Any

from django import template
from django.utils.translation import gettext as _

from .. import selectors
from ..links import diagnosis_latest, policy_published, verify_path
from ..models import Status
from ..rules import next_step

register = template.Library()


@register.inclusion_tag("declarations/_mypage_panel_body.html", takes_context=True)
def declarations_panel(
    context: template.Context, organization: Any = None, membership: Any = None
) -> dict[str, Any]:
    """Status, ID, next step, history and actions for the organisation's declarations."""
    if organization is None:
        return {"organization": None}
    current = selectors.declaration_open_for_organization(organization)
    history = list(selectors.declaration_history(organization))
    last = current or (history[0] if history else None)
    step = next_step(
        status=last.status if last else None,
        level=last.level if last else None,
        has_diagnosis=diagnosis_latest(organization) is not None,
        has_policy=policy_published(organization) is not None,
    )
    stage = {"diagnosis": 1, "policy": 2, "upgrade": 3, "handbook": 4}.get(step.key, 0)
    path = [
        {"label": label, "done": i < stage, "current": i == stage}
        for i, label in enumerate(
            [
                _("一つ星を宣言"),
                _("自社診断"),
                _("基本方針を作って公開"),
                _("二つ星を宣言"),
                _("ハンドブックで社内ルール・従業員教育"),
            ]
        )
    ]
    programme = selectors.ProgrammeSettings.load()
    return {
        "path": path,
        "organization": organization,
        "current": current,
        "ended": last if last is not None and last.status in (Status.WITHDRAWN, Status.CANCELLED) else None,
        "history": history,
        "is_owner": getattr(membership, "role", None) == "owner",
        "next": step,
        "verify_url": verify_path(current.declaration_id) if current and current.declaration_id else "",
        "target_days": programme.review_target_days,
        "logo_mail_expected": selectors.declaration_logo_mail_expected(current, programme)
        if current
        else None,
        "request": context.get("request"),
    }
