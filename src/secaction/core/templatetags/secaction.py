import re
from typing import Any

from django import template
from django.utils import translation
from django.utils.html import escape, format_html
from django.utils.safestring import SafeString, mark_safe

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


# A URL ends at white space, at anything HTML would need escaped, and at Japanese brackets and punctuation:
# Japanese mail text puts a URL right after 「:」 or inside 「」 with no space, which Django's ``urlize`` (it splits
# on spaces) does not link.
_URL = re.compile(r"https?://[^\s<>\"'()\u300c\u300d\u300e\u300f\uff08\uff09\u3001\u3002\uff0c]+")
_TRAILING = ".,:;!?"


def _link(match: re.Match[str]) -> str:
    url = match.group(0)
    tail = ""
    while url and url[-1] in _TRAILING:
        url, tail = url[:-1], url[-1] + tail
    return format_html('<a href="{0}" rel="nofollow">{0}</a>{1}', url, tail)


@register.filter(needs_autoescape=False)
def linkify(text: str) -> SafeString:
    """Escape ``text`` as a whole, then turn each ``http(s)://`` URL in it into a link.

    Escaping comes first, so HTML inside the text shows as text and can never become markup; the URL pattern
    excludes ``<``, ``>`` and quotes, so a link cannot break out of its attribute.
    """
    parts: list[str] = []
    position = 0
    raw = str(text)
    for match in _URL.finditer(raw):
        parts.append(escape(raw[position : match.start()]))
        parts.append(_link(match))
        position = match.end()
    parts.append(escape(raw[position:]))
    return mark_safe("".join(parts))  # noqa: S308 - every piece above is escaped or built by format_html
