"""This project's own ★ / ★★ marks, drawn by code as SVG and PNG from one description.

The design (a teal roundel with white stars beside the words SECURITY ACTION
and an orange 一つ星/二つ星 label) is the project's own and deliberately unlike
IPA's registered marks, which are not copied.
"""

from __future__ import annotations

import io
import math
from functools import lru_cache

from PIL import Image, ImageDraw, ImageFont

from secaction.documents.outlines import text_path
from secaction.documents.pdf import japanese_font_path

from .models import Level

WIDTH, HEIGHT = 400, 200  # the design's coordinate system; PNGs scale it
PNG_SIZES = (120, 240, 480, 960)  # widths in pixels
TEAL = "#0f5c5a"
ORANGE = "#b35900"
WHITE = "#ffffff"
LABELS: dict[str, str] = {Level.ONE_STAR: "一つ星 自己宣言", Level.TWO_STAR: "二つ星 自己宣言"}
TITLES: dict[str, str] = {
    Level.ONE_STAR: "SECURITY ACTION 一つ星 自己宣言",
    Level.TWO_STAR: "SECURITY ACTION 二つ星 自己宣言",
}


def star_points(cx: float, cy: float, outer: float) -> list[tuple[float, float]]:
    """The ten corners of a five-pointed star, first point straight up."""
    inner = outer * 0.382
    points = []
    for i in range(10):
        radius = outer if i % 2 == 0 else inner
        angle = -math.pi / 2 + i * math.pi / 5
        points.append((cx + radius * math.cos(angle), cy + radius * math.sin(angle)))
    return points


def _stars(level: str) -> list[list[tuple[float, float]]]:
    if level == Level.TWO_STAR:
        return [star_points(76, 104, 27), star_points(124, 104, 27)]
    return [star_points(100, 106, 46)]


@lru_cache(maxsize=4)
def mark_svg(level: str) -> str:
    """The mark as a standalone SVG document (scales to any size).

    The words are glyph outlines (``<path>``), not ``<text>``: the file looks the same in
    every viewer whether or not it has a Japanese font. The thin stroke thickens the
    regular face, as in ``mark_png``.
    """
    if level not in LABELS:
        raise ValueError(level)
    stars = "".join(
        '<polygon fill="{}" points="{}"/>'.format(WHITE, " ".join(f"{x:.2f},{y:.2f}" for x, y in pts))
        for pts in _stars(level)
    )
    words = text_path("SECURITY", x=190, y=66, size=34) + " " + text_path("ACTION", x=190, y=106, size=34)
    label = text_path(LABELS[level], x=283, y=154, size=22, anchor="middle")
    return (
        f'<svg xmlns="http://www.w3.org/2000/svg" viewBox="0 0 {WIDTH} {HEIGHT}" width="{WIDTH}" '
        f'height="{HEIGHT}" role="img" aria-labelledby="t">'
        f'<title id="t">{TITLES[level]}</title>'
        f'<rect x="4" y="4" width="392" height="192" rx="24" fill="{WHITE}" stroke="{TEAL}" stroke-width="8"/>'
        f'<circle cx="100" cy="100" r="72" fill="{TEAL}"/>{stars}'
        f'<path d="{words}" fill="{TEAL}" stroke="{TEAL}" stroke-width="0.8" stroke-linejoin="round"/>'
        f'<rect x="190" y="134" width="186" height="40" rx="8" fill="{ORANGE}"/>'
        f'<path d="{label}" fill="{WHITE}"/>'
        "</svg>"
    )


@lru_cache(maxsize=16)
def mark_png(level: str, width: int) -> bytes:
    """The mark as a PNG ``width`` pixels wide (height is half), drawn with Pillow at that size."""
    if level not in LABELS:
        raise ValueError(level)
    s = width / WIDTH
    image = Image.new("RGBA", (width, round(HEIGHT * s)), (255, 255, 255, 0))
    draw = ImageDraw.Draw(image)
    draw.rounded_rectangle(
        [4 * s, 4 * s, 396 * s, 196 * s], radius=24 * s, fill=WHITE, outline=TEAL, width=max(1, round(8 * s))
    )
    draw.ellipse([28 * s, 28 * s, 172 * s, 172 * s], fill=TEAL)
    for pts in _stars(level):
        draw.polygon([(x * s, y * s) for x, y in pts], fill=WHITE)
    font_path = str(japanese_font_path())
    big = ImageFont.truetype(font_path, max(6, round(34 * s)))
    bold = max(0, round(0.8 * s))  # IPAex has no bold face; a thin stroke thickens it
    draw.text(
        (190 * s, 66 * s), "SECURITY", font=big, fill=TEAL, anchor="lm", stroke_width=bold, stroke_fill=TEAL
    )
    draw.text(
        (190 * s, 106 * s), "ACTION", font=big, fill=TEAL, anchor="lm", stroke_width=bold, stroke_fill=TEAL
    )
    draw.rounded_rectangle([190 * s, 134 * s, 376 * s, 174 * s], radius=8 * s, fill=ORANGE)
    small = ImageFont.truetype(font_path, max(5, round(22 * s)))
    draw.text((283 * s, 154 * s), LABELS[level], font=small, fill=WHITE, anchor="mm")
    out = io.BytesIO()
    image.save(out, format="PNG", optimize=True)
    return out.getvalue()
