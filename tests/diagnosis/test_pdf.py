import io
import shutil
import subprocess

import pytest
from PIL import Image
from pypdf import PdfReader

from secaction.diagnosis.services import assessment_save

from .factories import answers_all, member_make, organization_make, post_data

pytestmark = pytest.mark.django_db


def pdf_text(data: bytes) -> str:
    return "\n".join(page.extract_text() for page in PdfReader(io.BytesIO(data)).pages)


def test_anonymous_result_pdf_has_japanese_text_and_advice(client):
    answers = answers_all("yes")
    answers[11] = "no"
    client.post("/diagnosis/", post_data(answers))
    response = client.get("/diagnosis/result/pdf/")
    assert response.status_code == 200 and response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"].startswith("attachment;")
    text = pdf_text(response.content)
    assert "自社診断の結果" in text
    assert "96" in text and "おおむねできています" in text
    assert "バックアップ" in text
    assert "分野別の点数" in text and "基本的対策" in text  # the chart's labels are real text


def test_saved_result_pdf_names_the_organisation_and_unit(client, tmp_path):
    org = organization_make("株式会社さくら商店")
    user = member_make(org)
    a = assessment_save(organization=org, user=user, answers=answers_all("partial"), unit_name="本店")
    client.force_login(user)
    data = client.get(f"/diagnosis/{a.pk}/pdf/").content
    text = pdf_text(data)
    assert "株式会社さくら商店" in text and "本店" in text and "抜けている対策があります" in text

    if shutil.which("pdftoppm") is None:
        pytest.fail("pdftoppm (poppler-utils) missing: run scripts/system-deps.sh test as root")
    pdf = tmp_path / "result.pdf"
    pdf.write_bytes(data)
    subprocess.run(
        ["pdftoppm", "-r", "50", "-png", "-f", "1", "-l", "1", str(pdf), str(tmp_path / "page")], check=True
    )
    png = next(tmp_path.glob("page*.png"))
    grey = Image.open(png).convert("L").tobytes()
    dark = sum(1 for value in grey if value < 128)
    rgb = Image.open(png).convert("RGB").tobytes()
    coloured = sum(1 for i in range(0, len(rgb), 3) if rgb[i] < 60 and rgb[i + 2] > 100)
    assert dark > 2000, "first page looks blank"
    assert coloured > 500, "the blue bars of the chart are missing"
