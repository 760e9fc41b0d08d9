"""HTML-to-PDF with WeasyPrint and an embedded Japanese font."""

from __future__ import annotations

from collections.abc import Mapping
from typing import TYPE_CHECKING, Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

from secaction.core.fonts import japanese_font_path  # re-exported: the logo and outline code read it here

if TYPE_CHECKING:
    from weasyprint import Document


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
