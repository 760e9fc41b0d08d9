"""The declaration document (宣言書, not a certificate: nobody certifies anything) as a PDF with a QR code to the
public verification page."""

from __future__ import annotations

import base64

import segno
from django.conf import settings

from secaction.documents.pdf import pdf_render

from . import logos
from .links import verify_path
from .models import Declaration


def verify_url(declaration: Declaration) -> str:
    return settings.SITE_URL + verify_path(str(declaration.declaration_id))


def certificate_pdf(declaration: Declaration, *, language: str | None = None) -> bytes:
    """Organisation, level, ID, declaration date, QR code and the self-declaration statement, as PDF bytes."""
    url = verify_url(declaration)
    qr = segno.make(url, error="m").svg_data_uri(scale=4, border=2)
    mark = (
        "data:image/svg+xml;base64," + base64.b64encode(logos.mark_svg(declaration.level).encode()).decode()
    )
    return pdf_render(
        "declarations/certificate.html",
        {
            "declaration": declaration,
            "organization": declaration.organization,
            "qr": qr,
            "url": url,
            "mark": mark,
        },
        language=language,
    )
