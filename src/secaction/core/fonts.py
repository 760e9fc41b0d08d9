"""The Japanese font the portal's documents embed, and which characters it can draw.

It lives in ``core`` (not ``documents``) because input validation in the domain apps
below ``documents`` asks the same question: a name that goes into a PDF must not
contain a character the PDF would silently drop (an emoji, a private-use character).
``documents.pdf`` embeds the font found here.
"""

from __future__ import annotations

from functools import cache
from pathlib import Path

# The first that exists is embedded; both come from Debian packages that
# `make run` installs (scripts/system-deps.sh).
FONT_CANDIDATES = (
    Path("/usr/share/fonts/opentype/ipaexfont-gothic/ipaexg.ttf"),
    Path("/usr/share/fonts/truetype/fonts-japanese-gothic.ttf"),
    Path("/usr/share/fonts/opentype/noto/NotoSansCJK-Regular.ttc"),
)


@cache
def japanese_font_path() -> Path:
    for candidate in FONT_CANDIDATES:
        if candidate.exists():
            return candidate
    raise RuntimeError(
        "No Japanese font found; install fonts-ipaexfont or fonts-noto-cjk (make run does this as root)."
    )


@cache
def _font_codepoints() -> frozenset[int]:
    from fontTools.ttLib import TTFont

    path = japanese_font_path()
    font = (
        TTFont(str(path), fontNumber=0, lazy=True) if path.suffix == ".ttc" else TTFont(str(path), lazy=True)
    )
    try:
        return frozenset(font.getBestCmap() or {})
    finally:
        font.close()


def font_missing_characters(text: str) -> list[str]:
    """The distinct characters of ``text`` (in order) that the embedded font has no glyph for.

    White space and line breaks are never reported: the layout draws them without a glyph.
    """
    covered = _font_codepoints()
    missing: list[str] = []
    for char in text:
        if not char.isspace() and ord(char) not in covered and char not in missing:
            missing.append(char)
    return missing
