from typing import Any

from django import template

from secaction.policies.selectors import policies_panel_get as _panel_get

register = template.Library()


@register.simple_tag
def policies_panel_get(organization: Any) -> dict[str, Any]:
    """The policy and handbook status of ``organization`` for the My Page panel."""
    return _panel_get(organization)
