"""Small SVG charts drawn by the project, for web pages and PDFs alike.

The charts are plain SVG strings (no JavaScript, no external files) so the
same markup works inline in HTML and inside WeasyPrint PDFs. Every chart has a
<title> and <desc>; pages should still show the numbers as text or a table.
"""

from __future__ import annotations

import datetime as dt
import itertools
import re
import unicodedata
from collections.abc import Sequence
from dataclasses import dataclass, field

from django.utils.html import escape
from django.utils.safestring import SafeString, mark_safe

FONT = "SecactionJP, 'Hiragino Kaku Gothic ProN', 'Noto Sans JP', IPAexGothic, Meiryo, sans-serif"
INK = "#1b1f24"
MUTED = "#4a5360"
LINE = "#c9d1db"
TRACK = "#eef2f6"
POSITIVE = "#0b4f8a"
NEGATIVE = "#a4161a"
# Distinguishable for common colour-vision deficiencies (Okabe–Ito, darkened for contrast on white).
PALETTE = ("#0b4f8a", "#b35900", "#1d6b34", "#7a3e9d", "#a4161a", "#00758f", "#5c5c00", "#444444")
MARKERS = ("circle", "square", "diamond", "triangle")
# Unique ids for aria-labelledby when several charts share a page.
_ids = itertools.count(1)


def _fmt(value: float) -> str:
    return f"{value:.1f}".rstrip("0").rstrip(".")


# Characters a line may not start with (a light form of Japanese kinsoku shori).
_NO_LINE_START = set("、。,.)]」』〕】〉》ー・:;!?%)")


def _em(char: str) -> float:
    """Estimated advance of a character in ems: full width for CJK, about half for Latin."""
    return 1.0 if unicodedata.east_asian_width(char) in ("W", "F", "A") else 0.56


def _wrap(text: str, max_em: float) -> list[str]:
    """Break a label into lines no wider than ``max_em`` (estimated), for SVG, which does not wrap text.

    Latin text breaks at spaces; Japanese between any two characters, but never
    before closing punctuation. A single word longer than a line stays whole.
    """
    lines: list[str] = []
    line, width = "", 0.0
    # A run of spaces, a Latin word, or any other single character.
    tokens = re.findall(r" +|[!-~]+|.", text)
    for token in tokens:
        w = sum(_em(c) for c in token)
        if line and width + w > max_em and not token.isspace() and token[0] not in _NO_LINE_START:
            lines.append(line.rstrip())
            line, width = "", 0.0
        if not line and token.isspace():
            continue
        line += token
        width += w
    if line.strip():
        lines.append(line.rstrip())
    return lines or [""]


@dataclass(frozen=True)
class Bar:
    label: str
    value: float
    max: float
    min: float = 0
    value_label: str = ""


def bar_chart_svg(bars: Sequence[Bar], *, title: str, description: str = "", width: int = 380) -> SafeString:
    """Horizontal bars, one per row with its label above, drawn from zero on a min..max track.

    Values below zero are drawn to the left of the zero line in red. A label
    wider than the chart is wrapped onto more lines, and its row grows to fit.
    """
    pad = 8
    font_size, line_h = 14, 18
    label_h, bar_h, gap = 20, 22, 14
    value_w = 76
    track_x0, track_x1 = pad, width - pad - value_w
    labels = [_wrap(bar.label, (width - 2 * pad) / font_size) for bar in bars]
    height = pad * 2 + sum(label_h + line_h * (len(lines) - 1) + bar_h + gap for lines in labels)
    cid = f"chart{next(_ids)}"
    parts = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-bar" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="{escape(FONT)}" font-size="14" aria-labelledby="{cid}-t {cid}-d">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description or "; ".join(f"{b.label}: {b.value_label or _fmt(b.value)}" for b in bars))}</desc>',
    ]
    y = pad
    for bar, lines in zip(bars, labels, strict=True):
        lo, hi = min(bar.min, 0), max(bar.max, bar.min + 1)
        span = hi - lo
        scale = (track_x1 - track_x0) / span

        def x_of(v: float, lo: float = lo, scale: float = scale) -> float:
            return track_x0 + (v - lo) * scale

        value = max(lo, min(hi, bar.value))
        zero = x_of(0)
        start, end = (zero, x_of(value)) if value >= 0 else (x_of(value), zero)
        colour = POSITIVE if value >= 0 else NEGATIVE
        by = y + label_h + line_h * (len(lines) - 1)
        if len(lines) == 1:
            parts.append(f'<text x="{track_x0}" y="{y + 15}" fill="{INK}">{escape(bar.label)}</text>')
        else:
            spans = "".join(
                f'<tspan x="{track_x0}" dy="{0 if n == 0 else line_h}">{escape(line)}</tspan>'
                for n, line in enumerate(lines)
            )
            parts.append(f'<text x="{track_x0}" y="{y + 15}" fill="{INK}">{spans}</text>')
        parts.append(
            f'<rect x="{track_x0}" y="{by}" width="{track_x1 - track_x0:.1f}" height="{bar_h}" '
            f'fill="{TRACK}" stroke="{LINE}"/>'
        )
        if end - start > 0:
            parts.append(
                f'<rect x="{start:.1f}" y="{by}" width="{end - start:.1f}" height="{bar_h}" fill="{colour}"/>'
            )
        if lo < 0:
            parts.append(
                f'<line x1="{zero:.1f}" x2="{zero:.1f}" y1="{by - 3}" y2="{by + bar_h + 3}" stroke="{INK}" stroke-width="1.5"/>'
            )
        parts.append(
            f'<text x="{width - pad}" y="{by + bar_h - 6}" text-anchor="end" font-weight="700" fill="{INK}">'
            f"{escape(bar.value_label or _fmt(bar.value))}</text>"
        )
        y = by + bar_h + gap
    parts.append("</svg>")
    return mark_safe("".join(parts))  # noqa: S308 - every text above is escaped


@dataclass(frozen=True)
class Series:
    name: str
    points: Sequence[tuple[dt.datetime, float]] = field(default_factory=tuple)


def _marker(shape: str, x: float, y: float, colour: str, tip: str) -> str:
    tip_el = f"<title>{escape(tip)}</title>"
    if shape == "square":
        return (
            f'<rect x="{x - 4.5:.1f}" y="{y - 4.5:.1f}" width="9" height="9" fill="{colour}">{tip_el}</rect>'
        )
    if shape == "diamond":
        pts = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y:.1f} {x:.1f},{y + 6:.1f} {x - 6:.1f},{y:.1f}"
        return f'<polygon points="{pts}" fill="{colour}">{tip_el}</polygon>'
    if shape == "triangle":
        pts = f"{x:.1f},{y - 6:.1f} {x + 6:.1f},{y + 5:.1f} {x - 6:.1f},{y + 5:.1f}"
        return f'<polygon points="{pts}" fill="{colour}">{tip_el}</polygon>'
    return f'<circle cx="{x:.1f}" cy="{y:.1f}" r="5" fill="{colour}">{tip_el}</circle>'


def line_chart_svg(
    series: Sequence[Series],
    *,
    title: str,
    y_min: float,
    y_max: float,
    gridlines: Sequence[float] = (),
    description: str = "",
    width: int = 400,
    height: int = 260,
    date_format: str = "%Y-%m-%d",
) -> SafeString:
    """A time-proportional line chart of one or more series, with horizontal gridlines and a legend."""
    pad_l, pad_r, pad_t = 44, 16, 12
    legend_h = 22 * len(series) if len(series) > 1 else 0
    pad_b = 40 + legend_h
    plot_w, plot_h = width - pad_l - pad_r, height - pad_t - pad_b
    times = [t for s in series for t, _v in s.points]
    t0 = min(times) if times else None
    t1 = max(times) if times else None
    span = (t1 - t0).total_seconds() if t0 and t1 else 0.0

    inset = 10  # keeps end markers off the frame

    def x_of(t: dt.datetime) -> float:
        if not span or t0 is None:
            return pad_l + plot_w / 2
        return pad_l + inset + (t - t0).total_seconds() / span * (plot_w - 2 * inset)

    def y_of(v: float) -> float:
        v = max(y_min, min(y_max, v))
        return pad_t + (y_max - v) / (y_max - y_min) * plot_h

    cid = f"chart{next(_ids)}"
    out = [
        f'<svg xmlns="http://www.w3.org/2000/svg" class="chart chart-line" role="img" '
        f'viewBox="0 0 {width} {height}" width="100%" preserveAspectRatio="xMinYMin meet" '
        f'font-family="{escape(FONT)}" font-size="12" aria-labelledby="{cid}-t {cid}-d">',
        f'<title id="{cid}-t">{escape(title)}</title>',
        f'<desc id="{cid}-d">{escape(description)}</desc>',
        f'<rect x="{pad_l}" y="{pad_t}" width="{plot_w}" height="{plot_h}" fill="#fff" stroke="{LINE}"/>',
    ]
    for g in sorted(set(gridlines) | {y_min, y_max}):
        y = y_of(g)
        dash = ' stroke-dasharray="4 3"' if g not in (y_min, y_max) else ""
        out.append(
            f'<line x1="{pad_l}" x2="{pad_l + plot_w}" y1="{y:.1f}" y2="{y:.1f}" stroke="{LINE}"{dash}/>'
        )
        out.append(f'<text x="{pad_l - 6}" y="{y + 4:.1f}" text-anchor="end" fill="{MUTED}">{_fmt(g)}</text>')
    if t0 and t1:
        out.append(
            f'<text x="{pad_l}" y="{pad_t + plot_h + 18}" fill="{MUTED}">{t0.strftime(date_format)}</text>'
        )
        if span:
            out.append(
                f'<text x="{pad_l + plot_w}" y="{pad_t + plot_h + 18}" text-anchor="end" fill="{MUTED}">'
                f"{t1.strftime(date_format)}</text>"
            )
    for i, s in enumerate(series):
        colour, shape = PALETTE[i % len(PALETTE)], MARKERS[i % len(MARKERS)]
        pts = sorted(s.points)
        if len(pts) > 1:
            path = " ".join(f"{x_of(t):.1f},{y_of(v):.1f}" for t, v in pts)
            out.append(f'<polyline points="{path}" fill="none" stroke="{colour}" stroke-width="2.5"/>')
        for t, v in pts:
            out.append(
                _marker(shape, x_of(t), y_of(v), colour, f"{s.name} {t.strftime(date_format)}: {_fmt(v)}")
            )
        if legend_h:
            ly = height - legend_h + 22 * i + 8
            out.append(_marker(shape, pad_l + 6, ly - 4, colour, s.name))
            out.append(f'<text x="{pad_l + 18}" y="{ly}" fill="{INK}">{escape(s.name)}</text>')
    out.append("</svg>")
    return mark_safe("".join(out))  # noqa: S308 - every text above is escaped
