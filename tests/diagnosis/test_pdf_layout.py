"""The self-diagnosis PDF never cuts a row of its answer table across two pages.

The answer sets below move the table up and down the pages (each "no" adds advice before
it); before rows were kept whole, each of them cut a row.
"""

import io
import re

import pytest
from django.utils import timezone, translation
from pypdf import PdfReader

from secaction.diagnosis.bank import CURRENT_EDITION, edition
from secaction.diagnosis.presentation import result_context
from secaction.documents.pdf import html_render, pdf_layout

pytestmark = pytest.mark.django_db


def _answer_rows_per_page(document) -> list[list[int]]:
    """For each page, the identities of the answer rows (tbody rows, not the header) laid out on it."""
    pages = []
    for page in document.pages:
        rows: list[int] = []
        stack = [page._page_box]  # WeasyPrint's laid-out box tree of the page
        while stack:
            box = stack.pop()
            if type(box).__name__ == "TableRowBox" and box.element[0].tag == "td":
                rows.append(id(box.element))
            stack.extend(getattr(box, "children", None) or ())
        pages.append(rows)
    return pages


def _squash(text: str) -> str:
    return re.sub(r"\s+", "", text)


@pytest.mark.parametrize(
    ("language", "no_answers"),
    [("ja", 0), ("ja", 5), ("ja", 19), ("en", 4), ("en", 17)],
)
def test_no_answer_row_is_cut_across_pages(language, no_answers):
    answers = {n: ("no" if n <= no_answers else "yes") for n in range(1, 26)}
    context = {**result_context(answers, CURRENT_EDITION), "taken_at": timezone.now()}
    document = pdf_layout(html_render("diagnosis/result_pdf.html", context, language=language))

    pages = _answer_rows_per_page(document)
    assert sum(len(rows) for rows in pages) >= 25
    laid_out = [row for rows in pages for row in rows]
    cut = {row for row in laid_out if laid_out.count(row) > 1}
    assert not cut, f"{len(cut)} row(s) continue on the next page"
    assert len(set(laid_out)) == 25

    # The same seen in the PDF's text: every item's whole text is on one page.
    texts = [_squash(page.extract_text()) for page in PdfReader(io.BytesIO(document.write_pdf())).pages]
    with translation.override(language):
        for item in edition(CURRENT_EDITION).items:
            assert any(_squash(item.text_display) in text for text in texts), item.number
        heading = _squash(translation.gettext("診断内容"))
    # The column headings repeat on every page the table continues on.
    with_rows = [texts[i] for i, rows in enumerate(pages) if rows]
    assert all(heading in text for text in with_rows)
