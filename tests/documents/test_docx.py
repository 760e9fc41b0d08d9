import io
import zipfile

from docx import Document

from secaction.documents.docx import (
    docx_bullets,
    docx_bytes,
    docx_clean,
    docx_heading,
    docx_new,
    docx_paragraphs,
)


def _xml(data: bytes, name: str = "word/document.xml") -> str:
    return zipfile.ZipFile(io.BytesIO(data)).read(name).decode()


def test_paragraphs_headings_and_east_asian_font():
    document = docx_new(title="題名", author="作者")
    docx_heading(document, "見出し", level=1)
    docx_paragraphs(document, "一行目\n二行目\n\n次の段落")
    docx_bullets(document, ["項目A", "項目B"])
    data = docx_bytes(document)
    reopened = Document(io.BytesIO(data))
    texts = [p.text for p in reopened.paragraphs]
    assert texts[0] == "見出し"
    assert texts[1] == "一行目\n二行目"  # a line break inside one paragraph
    assert texts[2] == "次の段落"
    assert texts[3:] == ["項目A", "項目B"]
    assert reopened.core_properties.title == "題名"
    assert 'w:eastAsia="游ゴシック"' in _xml(data, "word/styles.xml")
    assert 'w:eastAsia="游ゴシック"' in _xml(data)


def test_control_characters_are_dropped_instead_of_failing():
    assert docx_clean("a\x00b\x0bc\r\nd\te") == "abc\nd\te"
    document = docx_new()
    docx_paragraphs(document, "制御\x01文字\x1f")
    assert [p.text for p in Document(io.BytesIO(docx_bytes(document))).paragraphs] == ["制御文字"]


def test_markup_stays_text():
    document = docx_new()
    docx_paragraphs(document, "<w:p>injected</w:p><script>x</script>")
    data = docx_bytes(document)
    assert Document(io.BytesIO(data)).paragraphs[0].text == "<w:p>injected</w:p><script>x</script>"
    assert "&lt;w:p&gt;injected" in _xml(data)
