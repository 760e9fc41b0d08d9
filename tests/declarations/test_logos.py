"""The SVG logo marks draw their words as outlines, so they look the same in every viewer."""

import base64
import io
import shutil
import subprocess
import xml.etree.ElementTree as ET

import pytest
from PIL import Image, ImageChops

from secaction.declarations.logos import HEIGHT, LABELS, TITLES, WIDTH, mark_png, mark_svg
from secaction.documents.outlines import text_path, text_width
from secaction.documents.pdf import pdf_from_html

SVG = "{http://www.w3.org/2000/svg}"
# The design's text areas (see logos.mark_svg): the two English words and the orange label.
WORDS_BOX = (186, 44, 380, 126)
LABEL_BOX = (192, 136, 374, 172)


def _rasterise(svg: str, tmp_path) -> Image.Image:
    """The SVG as WeasyPrint draws it, WIDTH x HEIGHT pixels (via a one-page PDF and pdftoppm)."""
    pdftoppm = shutil.which("pdftoppm")
    if pdftoppm is None:
        pytest.fail("pdftoppm (poppler-utils) missing: run scripts/system-deps.sh test as root")
    uri = "data:image/svg+xml;base64," + base64.b64encode(svg.encode()).decode()
    pdf = pdf_from_html(
        f"<style>@page {{ size: {WIDTH}px {HEIGHT}px; margin: 0 }} body {{ margin: 0 }} img {{ display: block }}</style>"
        f'<img src="{uri}" width="{WIDTH}" height="{HEIGHT}">'
    )
    (tmp_path / "mark.pdf").write_bytes(pdf)
    subprocess.run(
        [pdftoppm, "-r", "96", "-png", "-singlefile", str(tmp_path / "mark.pdf"), str(tmp_path / "mark")],
        check=True,
    )
    image = Image.open(tmp_path / "mark.png").convert("RGB")  # 96 dpi: one CSS px, one pixel
    assert image.size == (WIDTH, HEIGHT)
    return image


def _ink(image: Image.Image, box, colour_test) -> float:
    data = image.crop(box).tobytes()
    pixels = [data[i : i + 3] for i in range(0, len(data), 3)]
    return sum(1 for p in pixels if colour_test(p)) / len(pixels)


def _teal(p) -> bool:
    return p[0] < 80 and 60 < p[1] < 130 and 60 < p[2] < 130


def _white(p) -> bool:
    return min(p) > 200


@pytest.mark.parametrize("level", list(LABELS))
def test_svg_mark_is_valid_xml_without_text_elements(level):
    svg = mark_svg(level)
    root = ET.fromstring(svg)
    assert root.tag == f"{SVG}svg"
    assert not list(root.iter(f"{SVG}text"))
    assert "font-family" not in svg
    assert root.find(f"{SVG}title").text == TITLES[level]
    paths = [p.get("d") for p in root.iter(f"{SVG}path")]
    assert len(paths) == 2 and all(len(d) > 500 for d in paths)


@pytest.mark.parametrize("level", list(LABELS))
def test_svg_mark_renders_its_words_where_the_png_has_them(level, tmp_path):
    drawn = _rasterise(mark_svg(level), tmp_path)
    reference = Image.open(io.BytesIO(mark_png(level, WIDTH))).convert("RGBA")
    flat = Image.new("RGBA", reference.size, "white")
    flat.alpha_composite(reference)
    reference = flat.convert("RGB")

    words, expected_words = _ink(drawn, WORDS_BOX, _teal), _ink(reference, WORDS_BOX, _teal)
    label, expected_label = _ink(drawn, LABEL_BOX, _white), _ink(reference, LABEL_BOX, _white)
    assert expected_words > 0.1 and expected_label > 0.05  # the reference itself has the text
    assert 0.7 * expected_words < words < 1.3 * expected_words
    assert 0.6 * expected_label < label < 1.4 * expected_label
    # Same shapes in the same places: most pixels of the text areas agree.
    for box in (WORDS_BOX, LABEL_BOX):
        diff = ImageChops.difference(drawn.crop(box), reference.crop(box)).convert("L")
        assert sum(diff.histogram()[97:]) / (diff.width * diff.height) < 0.09


def test_text_path_centres_a_middle_anchored_line():
    width = text_width("二つ星 自己宣言", 22)
    assert 150 < width < 186  # fits the 186-unit label box
    start = text_path("自己", x=100, y=50, size=20)
    middle = text_path("自己", x=100 + text_width("自己", 20) / 2, y=50, size=20, anchor="middle")
    assert start == middle


def test_text_path_refuses_a_character_the_font_lacks():
    with pytest.raises(ValueError, match="no glyph"):
        text_path("\U0001f600", x=0, y=0, size=10)
