"""Shared helpers for Word (DOCX) documents built with python-docx.

Everything organisation-supplied goes in as plain text runs: Word never
interprets it as markup, so ``<script>`` stays visible text. Characters that
XML 1.0 cannot hold (most C0 controls) are dropped first, because python-docx
refuses them with a ValueError.
"""

from __future__ import annotations

import io
import re
from typing import Any

from docx import Document
from docx.enum.text import WD_ALIGN_PARAGRAPH
from docx.oxml.ns import qn
from docx.shared import Pt

# Fonts a Japanese Word installation has; Word falls back by itself elsewhere.
EAST_ASIAN_FONT = "游ゴシック"
LATIN_FONT = "Yu Gothic"

_XML_INVALID = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")


def docx_clean(text: str | None) -> str:
    """``text`` without the characters XML 1.0 forbids; newlines and tabs stay."""
    return _XML_INVALID.sub("", text or "").replace("\r\n", "\n").replace("\r", "\n")


def docx_font_set(target: Any, *, east_asian: str = EAST_ASIAN_FONT, latin: str = LATIN_FONT) -> None:
    """Set the Latin and the East Asian (``w:eastAsia``) font of a style or run.

    python-docx only exposes the Latin font name; Word picks the font for
    Japanese characters from ``w:rFonts/@w:eastAsia``, so that is set directly.
    """
    target.font.name = latin
    rpr = target.element.get_or_add_rPr()
    fonts = rpr.find(qn("w:rFonts"))
    if fonts is None:
        fonts = rpr.makeelement(qn("w:rFonts"), {})
        rpr.insert(0, fonts)
    fonts.set(qn("w:eastAsia"), east_asian)
    fonts.set(qn("w:ascii"), latin)
    fonts.set(qn("w:hAnsi"), latin)


def docx_new(*, title: str = "", author: str = "") -> Any:
    """A new document whose body and heading styles use the Japanese font."""
    document = Document()
    for name in ("Normal", "Title", "Heading 1", "Heading 2", "Heading 3"):
        docx_font_set(document.styles[name])
    document.styles["Normal"].font.size = Pt(10.5)
    document.core_properties.title = docx_clean(title)[:255]
    document.core_properties.author = docx_clean(author)[:255]
    document.core_properties.language = "ja-JP"
    return document


def docx_heading(document: Any, text: str, level: int = 1) -> Any:
    """A heading (level 0 is the document title) holding ``text`` as plain text."""
    heading = document.add_heading("", level=level)
    run = heading.add_run(docx_clean(text))
    docx_font_set(run)
    return heading


def docx_paragraphs(document: Any, text: str, *, align_right: bool = False) -> list[Any]:
    """Add ``text`` as paragraphs: blank lines separate paragraphs, single newlines become line breaks."""
    added = []
    for block in re.split(r"\n\s*\n", docx_clean(text).strip()):
        if not block.strip():
            continue
        paragraph = document.add_paragraph()
        if align_right:
            paragraph.alignment = WD_ALIGN_PARAGRAPH.RIGHT
        for index, line in enumerate(block.split("\n")):
            run = paragraph.add_run(line)
            docx_font_set(run)
            if index < len(block.split("\n")) - 1:
                run.add_break()
        added.append(paragraph)
    return added


def docx_bullets(document: Any, items: list[str]) -> list[Any]:
    """A bulleted list, one plain-text item each."""
    added = []
    for item in items:
        paragraph = document.add_paragraph(style="List Bullet")
        docx_font_set(paragraph.add_run(docx_clean(item)))
        added.append(paragraph)
    return added


def docx_bytes(document: Any) -> bytes:
    """The document serialised as a .docx file."""
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


DOCX_CONTENT_TYPE = "application/vnd.openxmlformats-officedocument.wordprocessingml.document"
