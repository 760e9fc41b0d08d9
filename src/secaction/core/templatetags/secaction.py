from typing import Any

from django import template
from django.utils import translation

register = template.Library()


@register.filter
def localized(obj: Any, name: str) -> Any:
    """``obj.<name>_en`` when the page is in English and that exists, else ``obj.<name>``.

    For the programme's content kept in both languages side by side
    (see ``secaction.core.programme``). Works on objects, dicts and tuples
    of (ja, en).
    """
    english = (translation.get_language() or "ja").startswith("en")
    if isinstance(obj, dict):
        return obj.get(f"{name}_en", obj.get(name)) if english else obj.get(name)
    if english and hasattr(obj, f"{name}_en"):
        return getattr(obj, f"{name}_en")
    return getattr(obj, name)


@register.simple_tag
def pick(ja: Any, en: Any) -> Any:
    """Choose between a Japanese and an English value by the current language."""
    return en if (translation.get_language() or "ja").startswith("en") else ja
