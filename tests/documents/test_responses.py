from urllib.parse import unquote

from secaction.documents.responses import PDF_CONTENT_TYPE, document_response


def test_ascii_name_is_a_plain_quoted_attachment():
    response = document_response(
        b"%PDF-1.7", content_type=PDF_CONTENT_TYPE, filename="security-policy-v2.pdf"
    )
    assert response["Content-Type"] == "application/pdf"
    assert response["Content-Disposition"] == 'attachment; filename="security-policy-v2.pdf"'
    assert response.content == b"%PDF-1.7"
    assert "Cache-Control" not in response


def test_japanese_name_is_encoded_so_browsers_can_decode_it():
    response = document_response(b"x", content_type=PDF_CONTENT_TYPE, filename="情報セキュリティ基本方針.pdf")
    header = response["Content-Disposition"]
    assert header.startswith("attachment; filename*=utf-8''")
    assert unquote(header.split("''", 1)[1]) == "情報セキュリティ基本方針.pdf"
    header.encode("latin-1")  # a header must be sendable as ISO-8859-1


def test_inline_and_no_store():
    response = document_response(
        "<svg/>", content_type="image/svg+xml", filename="mark.svg", inline=True, no_store=True
    )
    assert response["Content-Disposition"] == 'inline; filename="mark.svg"'
    assert response["Cache-Control"] == "private, no-store"
    assert response.content == b"<svg/>"
