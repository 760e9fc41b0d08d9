"""HTTP responses that hand a generated document (PDF, DOCX, SVG, PNG, CSV) to the browser."""

from __future__ import annotations

from django.http import HttpResponse
from django.utils.http import content_disposition_header

from .csvwriter import SafeCsvWriter, csv_writer

PDF_CONTENT_TYPE = "application/pdf"


def document_response(
    content: bytes | str,
    *,
    content_type: str,
    filename: str,
    inline: bool = False,
    no_store: bool = False,
) -> HttpResponse:
    """A response carrying ``content`` as a file named ``filename``.

    ``inline`` lets the browser show the file instead of saving it. A
    non-ASCII (e.g. Japanese) ``filename`` is sent as RFC 6266/5987
    ``filename*=utf-8''…``, which browsers decode; ASCII names are sent as a
    plain quoted ``filename="…"``. ``no_store`` keeps shared caches and the
    browser's disk cache from keeping a member-only document.
    """
    response = HttpResponse(content, content_type=content_type)
    disposition = content_disposition_header(not inline, filename)
    if disposition:  # None only for an inline file without a name, which this helper never makes
        response["Content-Disposition"] = disposition
    if no_store:
        response["Cache-Control"] = "private, no-store"
    return response


def csv_response_for_excel(filename: str) -> tuple[HttpResponse, SafeCsvWriter]:
    """An empty CSV download and the portal's CSV writer on it, which Excel in Japan opens correctly.

    The file is UTF-8 with a byte-order mark: without it Excel reads the file as
    Shift_JIS and shows the Japanese as garbage. The writer neutralises formula
    starts in text cells (``documents.csvwriter``).
    """
    response = document_response("\ufeff", content_type="text/csv; charset=utf-8", filename=filename)
    return response, csv_writer(response)
