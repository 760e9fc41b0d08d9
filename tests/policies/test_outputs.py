"""PDF, DOCX and page outputs: Japanese text renders, organisation text cannot inject markup."""

import io
import shutil
import subprocess
import zipfile
from pathlib import Path

import pytest
from django.urls import reverse
from docx import Document
from PIL import Image
from pypdf import PdfReader

from secaction.policies.handbook import handbook_build
from secaction.policies.outputs import handbook_docx, handbook_pdf, policy_docx, policy_pdf
from secaction.policies.services import (
    handbook_adopt,
    handbook_recipients_add,
    handbook_version_create,
    policy_publish,
    policy_version_create,
)
from secaction.policies.suggest import policy_suggest

from .factories import member_make, organization_make

pytestmark = pytest.mark.django_db

PAYLOAD = '<script>alert("x")</script><img src=x onerror=alert(1)>'
ARTIFACTS = Path(__file__).resolve().parents[2] / "var" / "test-artifacts" / "pdf"


def _policy(org, owner, **over):
    data = policy_suggest(industry="P", employees_band="1-5", organization_name=org.name)
    data.update(
        established_on="2026-04-01",
        organization_name=org.name,
        representative_title="院長",
        representative_name="佐藤 次郎",
    )
    data.update(over)
    return policy_version_create(organization=org, actor=owner, data=data)


def _png_of_first_page(pdf: bytes, name: str) -> Image.Image:
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm (poppler-utils) missing: run scripts/system-deps.sh test as root")
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    pdf_path = ARTIFACTS / f"{name}.pdf"
    pdf_path.write_bytes(pdf)
    subprocess.run(
        [
            pdftoppm,
            "-png",
            "-r",
            "60",
            "-f",
            "1",
            "-l",
            "1",
            "-singlefile",
            str(pdf_path),
            str(ARTIFACTS / name),
        ],
        check=True,
    )
    return Image.open(ARTIFACTS / f"{name}.png").convert("L")


def _dark_fraction(image: Image.Image) -> float:
    histogram = image.histogram()
    return sum(histogram[:128]) / (image.width * image.height)


def test_policy_pdf_renders_japanese_text(settings):
    org = organization_make(name="医療法人さくら会")
    owner = member_make(org)
    version = _policy(org, owner)
    pdf = policy_pdf(version)
    text = PdfReader(io.BytesIO(pdf)).pages[0].extract_text()
    assert "情報セキュリティ基本方針" in text
    assert "医療法人さくら会" in text
    assert "患者" in text
    assert "経営者の責任" in text
    image = _png_of_first_page(pdf, "policy")
    # A page of Japanese text has a visible share of dark pixels; tofu-free blank output would not.
    assert 0.005 < _dark_fraction(image) < 0.5
    # The title line is centred near the top: ink in the top fifth of the page.
    top = image.crop((0, 0, image.width, image.height // 5))
    assert _dark_fraction(top) > 0.002


def test_handbook_pdf_renders_japanese_text():
    org = organization_make(name="株式会社ものづくり")
    owner = member_make(org)
    version = handbook_version_create(
        organization=org,
        actor=owner,
        title="情報セキュリティハンドブック",
        intro="はじめに読んでください。",
        contact="総務 田中(内線 100)",
        rules=handbook_build({1: "yes"}),
        assessment_ref=None,
    )
    pdf = handbook_pdf(version)
    reader = PdfReader(io.BytesIO(pdf))
    text = "".join(page.extract_text() for page in reader.pages)
    assert "株式会社ものづくり" in text
    assert "OSとソフトウェアを最新に保つ" in text
    assert "このルールを全員が知っている状態にする" in text
    assert len(reader.pages) >= 2
    assert 0.005 < _dark_fraction(_png_of_first_page(pdf, "handbook")) < 0.5


def test_policy_docx_opens_and_holds_the_organisation_text():
    org = organization_make(name="有限会社ワード")
    owner = member_make(org)
    version = _policy(org, owner, staff="従業員は研修を受けます。\n\n二段落目です。")
    data = policy_docx(version)
    document = Document(io.BytesIO(data))
    texts = [p.text for p in document.paragraphs]
    assert texts[0] == "情報セキュリティ基本方針"
    assert "3. 従業員の取組み" in texts
    assert "従業員は研修を受けます。" in texts and "二段落目です。" in texts
    assert any("有限会社ワード" in t for t in texts)
    assert any("院長 佐藤 次郎" in t for t in texts)
    assert "2026年4月1日 制定" in texts
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert 'w:eastAsia="游ゴシック"' in xml


def test_handbook_docx_lists_included_rules_only():
    org = organization_make()
    owner = member_make(org)
    rules = handbook_build(None)
    rules[2]["included"] = False
    rules[0]["text"] = "自社で書き直したルールです。"
    version = handbook_version_create(
        organization=org,
        actor=owner,
        title="社内ルール",
        intro="",
        contact="",
        rules=rules,
        assessment_ref=None,
    )
    texts = [p.text for p in Document(io.BytesIO(handbook_docx(version))).paragraphs]
    assert texts[0] == "社内ルール"
    assert "自社で書き直したルールです。" in texts
    assert "3. 破られにくいパスワードを使う" not in texts
    assert "4. 重要な情報を見られる人を限る" in texts


def test_script_payload_is_inert_in_page_pdf_and_docx(client):
    org = organization_make(name=f"悪意{PAYLOAD}")
    owner = member_make(org)
    version = _policy(
        org,
        owner,
        purpose=f"目的 {PAYLOAD} 情報セキュリティ",
        representative_name=PAYLOAD,
        organization_name=PAYLOAD,
    )
    policy_publish(version=version, actor=owner)

    page = client.get(version.public_url).content.decode()
    assert "<script>alert" not in page and "<img src=x" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;" in page

    client.force_login(owner)
    preview = client.get(reverse("policies:policy_version", args=[org.pk, version.number])).content.decode()
    assert "<script>alert" not in preview
    panel = client.get(reverse("policies:policy_home", args=[org.pk])).content.decode()
    assert "<script>alert" not in panel

    text = PdfReader(io.BytesIO(policy_pdf(version))).pages[0].extract_text()
    assert '<script>alert("x")</script>' in text  # shown literally, not interpreted

    data = policy_docx(version)
    paragraphs = [p.text for p in Document(io.BytesIO(data)).paragraphs]
    assert any(PAYLOAD in p for p in paragraphs)
    xml = zipfile.ZipFile(io.BytesIO(data)).read("word/document.xml").decode()
    assert "<script>" not in xml and "&lt;script&gt;" in xml


def test_handbook_payload_is_inert_on_the_acknowledgement_page(client, django_capture_on_commit_callbacks):
    org = organization_make()
    owner = member_make(org)
    rules = handbook_build(None)
    rules[0]["text"] = PAYLOAD
    version = handbook_version_create(
        organization=org,
        actor=owner,
        title=PAYLOAD,
        intro=PAYLOAD,
        contact=PAYLOAD,
        rules=rules,
        assessment_ref=None,
    )
    handbook_adopt(version=version, actor=owner)
    with django_capture_on_commit_callbacks(execute=True):
        (recipient,), _ = handbook_recipients_add(version=version, emails=["staff@example.jp"], actor=owner)
    page = client.get(recipient.link).content.decode()
    assert "<script>alert" not in page and "&lt;script&gt;" in page
    assert PAYLOAD in "".join(p.extract_text() for p in PdfReader(io.BytesIO(handbook_pdf(version))).pages)
    assert any(PAYLOAD in p.text for p in Document(io.BytesIO(handbook_docx(version))).paragraphs)


def test_downloads_over_http(client):
    org = organization_make()
    owner = member_make(org)
    _policy(org, owner)
    client.force_login(owner)
    pdf = client.get(reverse("policies:policy_pdf", args=[org.pk, 1]))
    assert (
        pdf.status_code == 200
        and pdf["Content-Type"] == "application/pdf"
        and pdf.content.startswith(b"%PDF")
    )
    docx = client.get(reverse("policies:policy_docx", args=[org.pk, 1]))
    assert docx.status_code == 200 and "attachment" in docx["Content-Disposition"]
    Document(io.BytesIO(docx.content))


def test_public_pdf_is_rendered_once_per_version(client, monkeypatch):
    from secaction.policies import outputs

    org = organization_make()
    owner = member_make(org)
    version = _policy(org, owner)
    policy_publish(version=version, actor=owner)
    calls = []
    real = outputs.pdf_render
    monkeypatch.setattr(outputs, "pdf_render", lambda *a, **kw: calls.append(1) or real(*a, **kw))
    url = version.public_url + "pdf/"
    first = client.get(url)
    second = client.get(url)
    assert first.status_code == second.status_code == 200
    assert first.content == second.content and first.content.startswith(b"%PDF")
    assert len(calls) == 1
