"""PDF and DOCX files of a policy or handbook version.

Organisation text reaches the PDF only through autoescaped templates and the
DOCX only as plain text runs, so markup in it is shown, never interpreted.
"""

from __future__ import annotations

from typing import Any

from django.core.cache import cache
from django.utils import timezone

from secaction.documents.docx import docx_bullets, docx_bytes, docx_heading, docx_new, docx_paragraphs
from secaction.documents.pdf import pdf_render

from .handbook import handbook_parts
from .models import HandbookVersion, PolicyVersion
from .suggest import SECTIONS

POLICY_TITLE = "情報セキュリティ基本方針"


def policy_sections(version: PolicyVersion) -> list[tuple[str, str]]:
    """(heading, text) of each part, in print order."""
    return [(heading, getattr(version, key)) for key, heading in SECTIONS]


def policy_date_text(version: PolicyVersion) -> str:
    d = version.established_on
    return f"{d.year}年{d.month}月{d.day}日 制定" if d else ""


def policy_signature(version: PolicyVersion) -> str:
    representative = " ".join(p for p in (version.representative_title, version.representative_name) if p)
    return "\n".join(p for p in (version.organization_name, representative) if p)


def policy_context(version: PolicyVersion) -> dict[str, Any]:
    return {
        "version": version,
        "title": POLICY_TITLE,
        "purpose": version.purpose,
        "commitments": policy_sections(version)[1:],
        "date_text": policy_date_text(version),
    }


# Versions never change, so a rendered PDF can be reused; the public page's PDF
# link must not cost a full WeasyPrint run per anonymous visitor.
PDF_CACHE_SECONDS = 24 * 3600


def _cached_pdf(key: str, render: Any) -> bytes:
    data = cache.get(key)
    if data is None:
        data = render()
        cache.set(key, data, PDF_CACHE_SECONDS)
    return bytes(data)


def policy_pdf(version: PolicyVersion) -> bytes:
    return _cached_pdf(
        f"policies:policy-pdf:{version.pk}:{version.created_at.timestamp()}",
        lambda: pdf_render("policies/print/policy.html", policy_context(version), language="ja"),
    )


def policy_docx(version: PolicyVersion) -> bytes:
    document = docx_new(title=POLICY_TITLE, author=version.organization_name)
    docx_heading(document, POLICY_TITLE, level=0)
    docx_paragraphs(document, version.purpose)
    for heading, text in policy_sections(version)[1:]:
        docx_heading(document, heading, level=2)
        docx_paragraphs(document, text)
    document.add_paragraph()
    docx_paragraphs(document, policy_date_text(version), align_right=True)
    docx_paragraphs(document, policy_signature(version), align_right=True)
    return docx_bytes(document)


def handbook_context(version: HandbookVersion) -> dict[str, Any]:
    return {
        "version": version,
        "parts": handbook_parts(version.rules),
    }


def handbook_pdf(version: HandbookVersion) -> bytes:
    return _cached_pdf(
        f"policies:handbook-pdf:{version.pk}:{version.created_at.timestamp()}",
        lambda: pdf_render("policies/print/handbook.html", handbook_context(version), language="ja"),
    )


def handbook_docx(version: HandbookVersion) -> bytes:
    document = docx_new(title=version.title, author=version.organization_name)
    docx_heading(document, version.title, level=0)
    docx_paragraphs(
        document,
        f"{version.organization_name} 第{version.number}版 {timezone.localtime(version.created_at):%Y年%m月%d日}",
    )
    if version.intro:
        docx_paragraphs(document, version.intro)
    if version.contact:
        docx_heading(document, "相談先・報告先", level=1)
        docx_paragraphs(document, version.contact)
    for part, rules in handbook_parts(version.rules):
        docx_heading(document, part, level=1)
        for rule in rules:
            docx_heading(document, f"{rule['number']}. {rule['title']}", level=2)
            docx_paragraphs(document, rule["text"])
    docx_heading(document, "確認", level=1)
    docx_bullets(document, ["このハンドブックを読み、内容を理解しました。", "日付:", "氏名:"])
    return docx_bytes(document)
