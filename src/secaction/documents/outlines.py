"""Text drawn as outlines: SVG path data from the embedded Japanese font's glyphs.

An SVG that says ``<text font-family="...">`` looks different on every viewer and
shows tofu where no Japanese font is installed. Files we hand out (the logo marks)
therefore carry the glyph shapes themselves, read with fontTools from the same
font the PDFs embed (``documents.pdf.japanese_font_path``).
"""

from __future__ import annotations

from functools import cache
from typing import Literal

from fontTools.pens.svgPathPen import SVGPathPen
from fontTools.pens.transformPen import TransformPen
from fontTools.ttLib import TTFont

from .pdf import japanese_font_path


@cache
def _font() -> TTFont:
    path = japanese_font_path()
    # A .ttc holds several faces; the first is the Japanese one in Debian's Noto CJK collection.
    return TTFont(str(path), fontNumber=0 if path.suffix.lower() == ".ttc" else -1, lazy=True)


def text_width(text: str, size: float) -> float:
    """The advance width of ``text`` set at ``size`` (user units), without kerning."""
    font = _font()
    cmap = font.getBestCmap()
    metrics = font["hmtx"]
    scale = size / font["head"].unitsPerEm
    return sum(metrics[_glyph_name(cmap, ch)][0] for ch in text) * scale


def _glyph_name(cmap: dict[int, str], ch: str) -> str:
    try:
        return cmap[ord(ch)]
    except KeyError:
        raise ValueError(f"the embedded font has no glyph for {ch!r}") from None


def text_path(
    text: str,
    *,
    x: float,
    y: float,
    size: float,
    anchor: Literal["start", "middle"] = "start",
) -> str:
    """SVG path data drawing ``text`` at ``size``, vertically centred on ``y``.

    ``x`` is the left edge (``anchor="start"``) or the centre (``"middle"``), like SVG's
    ``text-anchor``; ``y`` is the middle between the font's ascent and descent, like
    ``dominant-baseline="central"`` and Pillow's ``anchor="lm"``/``"mm"``, so the PNG and
    the SVG of one design line up. Raises ``ValueError`` for a character the font lacks.
    """
    font = _font()
    cmap = font.getBestCmap()
    glyphs = font.getGlyphSet()
    metrics = font["hmtx"]
    hhea = font["hhea"]
    scale = size / font["head"].unitsPerEm
    baseline = y + (hhea.ascent + hhea.descent) / 2 * scale
    pen_x = x - (text_width(text, size) / 2 if anchor == "middle" else 0)
    commands: list[str] = []
    for ch in text:
        name = _glyph_name(cmap, ch)
        pen = SVGPathPen(glyphs, ntos=lambda v: f"{v:.2f}".rstrip("0").rstrip("."))
        # Font units grow upwards from the baseline; SVG's y grows downwards.
        glyphs[name].draw(TransformPen(pen, (scale, 0, 0, -scale, pen_x, baseline)))
        commands.append(pen.getCommands())
        pen_x += metrics[name][0] * scale
    return " ".join(c for c in commands if c)
