"""Find Japanese text left on a page rendered in English.

Text inside an element marked ``lang="ja"`` is Japanese on purpose (a quoted programme term, the language
switch's own name, a document that stays Japanese) and is skipped, as are scripts, styles and the content of
``<textarea>`` (what the organisation writes, or a draft of its Japanese document). Visible text and the attributes
people read (``alt``, ``title``, ``aria-label``, ``placeholder``, button ``value``) are checked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser

# Hiragana, katakana (and half-width), CJK ideographs, Japanese punctuation and full-width forms.
JAPANESE = re.compile(r"[\u3000-\u303f\u3040-\u30ff\u31f0-\u31ff\u3400-\u4dbf\u4e00-\u9fff\uff01-\uff9f]+")
_READ_ATTRIBUTES = {"alt", "title", "aria-label", "placeholder"}
_VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta", "source", "track", "wbr"}


class _Collector(HTMLParser):
    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.stack: list[tuple[str, bool]] = []  # (tag, skipped)
        self.texts: list[str] = []

    def _skipping(self) -> bool:
        return any(skipped for _tag, skipped in self.stack)

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        skipped = values.get("lang", "") == "ja" or tag in {"script", "style", "textarea"}
        if not skipped and not self._skipping():
            for name, value in attrs:
                if value and (
                    name in _READ_ATTRIBUTES or (name == "value" and values.get("type") == "submit")
                ):
                    self.texts.append(value)
        if tag not in _VOID:
            self.stack.append((tag, skipped))

    def handle_endtag(self, tag: str) -> None:
        for index in range(len(self.stack) - 1, -1, -1):
            if self.stack[index][0] == tag:
                del self.stack[index:]
                return

    def handle_data(self, data: str) -> None:
        if not self._skipping():
            self.texts.append(data)


def japanese_left(html: str, allowed: tuple[str, ...] = ()) -> list[str]:
    """The Japanese runs on the page outside ``lang="ja"`` elements, after removing the ``allowed`` strings
    (the organisation's own data, which stays as the organisation wrote it)."""
    collector = _Collector()
    collector.feed(html)
    found = []
    for text in collector.texts:
        for allowed_text in sorted(allowed, key=len, reverse=True):
            text = text.replace(allowed_text, " ")
        found.extend(JAPANESE.findall(text))
    return found
