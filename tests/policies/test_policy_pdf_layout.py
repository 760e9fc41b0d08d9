"""The policy PDF keeps its signature (date, organisation, representative) with the end of the text.

A signature alone on the last page reads as a separate, unsigned sheet; the print stylesheet
keeps it with the last lines of the policy (``break-before: avoid``) and fits a typical policy
on one A4 page.
"""

import io

import pytest
from pypdf import PdfReader

from secaction.policies.outputs import policy_pdf
from secaction.policies.services import policy_version_create
from secaction.policies.suggest import policy_suggest

from .factories import member_make, organization_make

pytestmark = pytest.mark.django_db

SIGNATURE = ("2026年4月1日 制定", "医療法人さくら会", "院長 佐藤 次郎")
# Extra paragraphs for the long variants: each is one line on the A4 page, so the variants
# move the end of the text down one line at a time, across the page break (without the
# rule, 3 to 5 extra lines left the signature, or part of it, alone on page 2).
FILLER = "情報資産の一覧を年に一度見直し、持ち出しの記録と照らし合わせて不要な情報を消去します。"


def _pages(industry: str, band: str, extra_paragraphs: int = 0) -> list[str]:
    org = organization_make(name="医療法人さくら会")
    owner = member_make(org)
    data = policy_suggest(industry=industry, employees_band=band, organization_name=org.name)
    if extra_paragraphs:
        data["structure"] += "".join(f"\n\n{FILLER}" for _ in range(extra_paragraphs))
    data.update(
        established_on="2026-04-01",
        organization_name=org.name,
        representative_title="院長",
        representative_name="佐藤 次郎",
    )
    version = policy_version_create(organization=org, actor=owner, data=data)
    reader = PdfReader(io.BytesIO(policy_pdf(version)))
    return [page.extract_text() for page in reader.pages]


def _body_on_signature_page(pages: list[str]) -> str:
    """The policy text (without the signature lines) on the page that carries the signature."""
    signed = [text for text in pages if SIGNATURE[2] in text]
    assert len(signed) == 1, pages
    lines = [line for line in signed[0].splitlines() if line.strip() not in SIGNATURE]
    return "".join(lines)


@pytest.mark.parametrize(("industry", "band"), [("P", "1-5"), ("I", "6-20"), ("G", "51-100")])
def test_typical_policy_fits_on_one_page_with_its_signature(industry, band):
    pages = _pages(industry, band)
    assert len(pages) == 1
    assert all(part in pages[0] for part in SIGNATURE)


@pytest.mark.parametrize("extra", [*range(2, 10), 25])
def test_long_policy_keeps_the_end_of_its_text_with_the_signature(extra):
    pages = _pages("I", "6-20", extra)
    body = _body_on_signature_page(pages)
    # At least the closing lines of the last part go with the signature.
    assert "再発を防ぐ対策をとります。" in body, pages[-1]
