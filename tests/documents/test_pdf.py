import io

from pypdf import PdfReader

from secaction.documents.pdf import pdf_from_html


def test_pdf_embeds_a_japanese_font_and_keeps_the_text():
    data = pdf_from_html("<h1>情報セキュリティ基本方針</h1><p>株式会社サンプル</p>")
    assert data.startswith(b"%PDF")
    reader = PdfReader(io.BytesIO(data))
    text = reader.pages[0].extract_text()
    assert "情報セキュリティ基本方針" in text
    fonts = {
        str(f["/BaseFont"])
        for page in reader.pages
        for f in page["/Resources"]["/Font"].values()
        if "/BaseFont" in f.get_object()
        for f in [f.get_object()]
    }
    assert any(name.endswith("SecactionJP") for name in fonts), fonts  # subset of the embedded face
