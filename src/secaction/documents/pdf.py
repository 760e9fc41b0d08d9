"""HTML-to-PDF with WeasyPrint and an embedded Japanese font."""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

if TYPE_CHECKING:
    from weasyprint import Document

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


def font_face_css() -> str:
    """An @font-face rule that embeds the Japanese font as 'SecactionJP'."""
    return (
        "@font-face { font-family: 'SecactionJP'; "
        f"src: url('{japanese_font_path().as_uri()}'); }}\n"
        "html { font-family: 'SecactionJP', sans-serif; }\n"
    )


def pdf_layout(html: str, *, base_url: str | None = None) -> Document:
    """Lay out an HTML string into pages with the embedded Japanese font (WeasyPrint's ``Document``).

    Tests inspect the pages' boxes to check where page breaks fall; ``pdf_from_html`` writes it out.
    """
    from weasyprint import CSS, HTML
    from weasyprint.text.fonts import FontConfiguration

    fonts = FontConfiguration()
    stylesheet = CSS(string=font_face_css(), font_config=fonts)
    document = HTML(string=html, base_url=base_url or str(settings.BASE_DIR))
    return document.render(stylesheets=[stylesheet], font_config=fonts)


def pdf_from_html(html: str, *, base_url: str | None = None) -> bytes:
    """Render an HTML string to PDF bytes, embedding the Japanese font."""
    return bytes(pdf_layout(html, base_url=base_url).write_pdf())


def html_render(template: str, context: Mapping[str, Any], *, language: str | None = None) -> str:
    """The HTML a document template gives in ``language`` (default: the active one)."""
    with translation.override(language or translation.get_language() or settings.LANGUAGE_CODE):
        return render_to_string(template, dict(context))


def pdf_render(template: str, context: Mapping[str, Any], *, language: str | None = None) -> bytes:
    """Render a Django template to PDF. Autoescaping applies, so organisation text is safe."""
    return pdf_from_html(html_render(template, context, language=language))
