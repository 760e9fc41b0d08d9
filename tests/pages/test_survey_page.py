import re
from html import unescape

import pytest
from django.utils.html import escape

from secaction.core.surveys import SURVEY_2024
from secaction.pages.presentation import survey_finding_chart

pytestmark = pytest.mark.django_db

PERCENTAGES = [
    "75.1",
    "24.4",
    "16.6",
    "23.0",
    "22.8",
    "13.2",
    "30.7",
    "24.1",
    "18.3",
    "19.8",
    "38.6",
    "33.3",
    "31.9",
]


def _page(client, language: str) -> str:
    client.post("/i18n/setlang/", {"language": language, "next": "/"})
    response = client.get("/survey/2024/")
    assert response.status_code == 200
    return response.content.decode()


def _figures(html: str) -> list[str]:
    return re.findall(r'<figure class="survey-figure">(.*?)</figure>', html, re.S)


def _bars(svg: str) -> list[tuple[float, str]]:
    """(filled width, value label) of each bar in a chart."""
    widths = [
        float(w)
        for w in re.findall(r'<rect x="[\d.]+" y="\d+" width="([\d.]+)" height="22" fill="#0b4f8a"/>', svg)
    ]
    labels = re.findall(r'font-weight="700" fill="#1b1f24">([^<]+)</text>', svg)
    return list(zip(widths, labels, strict=True))


def _table(figure: str) -> list[tuple[str, str]]:
    body = figure.split("<tbody>")[1].split("</tbody>")[0]
    rows = re.findall(r"<tr><td>([^<]+)</td><td class=\"num\">([^<]+)</td></tr>", body)
    return [(unescape(label), unescape(value)) for label, value in rows]


@pytest.mark.parametrize("language", ["ja", "en"])
def test_page_shows_every_percentage_caption_and_outline(client, language):
    html = _page(client, language)
    assert f'<html lang="{language}">' in html
    for percent in PERCENTAGES:
        assert f"{percent}%" in html
    for finding in SURVEY_2024.findings:
        caption = finding.caption_en if language == "en" else finding.caption
        assert f"<figcaption>{escape(caption)}</figcaption>" in html
    for row in SURVEY_2024.outline:
        assert escape(row.value_en if language == "en" else row.value) in html
    assert f'href="{SURVEY_2024.report_url}"' in html
    assert "/diagnosis/" in html and "/org/mypage/" in html


def test_japanese_page_quotes_the_seed_text_verbatim(client):
    html = _page(client, "ja")
    assert SURVEY_2024.title in html
    for finding in SURVEY_2024.findings:
        assert f"({finding.number}) {finding.heading}" in html
        for paragraph in finding.summary:
            assert paragraph in html
        for answer in finding.answers:
            assert answer.label in html
    for point in SURVEY_2024.points:
        assert point in html
    assert "複数回答" in html


def test_english_page_has_no_japanese_survey_text(client):
    html = _page(client, "en")
    assert SURVEY_2024.title_en in html
    for finding in SURVEY_2024.findings:
        assert finding.heading not in html and finding.caption not in html
        for answer in finding.answers:
            assert escape(answer.label_en) in html
            assert f">{answer.label}<" not in html
    assert "Every question allowed several answers" in html


@pytest.mark.parametrize("language", ["ja", "en"])
def test_each_chart_has_one_bar_per_answer_and_the_table_mirrors_it(client, language):
    figures = _figures(_page(client, language))
    assert len(figures) == len(SURVEY_2024.findings) == 4
    for figure, finding in zip(figures, SURVEY_2024.findings, strict=True):
        svg = figure.split("<svg")[1].split("</svg>")[0]
        bars = _bars(svg)
        assert [label for _w, label in bars] == [f"{a.percent}%" for a in finding.answers]
        track = float(re.findall(r'width="([\d.]+)" height="22" fill="#eef2f6"', svg)[0])
        for (width, _label), answer in zip(bars, finding.answers, strict=True):
            assert width == pytest.approx(track * answer.value / 100, abs=0.06)  # 0..100% scale
        labels = [a.label_en if language == "en" else a.label for a in finding.answers]
        assert _table(figure) == [
            (label, f"{a.percent}%") for label, a in zip(labels, finding.answers, strict=True)
        ]
        assert "<details>" in figure and "<summary>" in figure


def test_chart_labels_the_bars_and_describes_the_numbers():
    svg = survey_finding_chart(SURVEY_2024.findings[2])
    assert 'role="img"' in svg
    desc = svg.split("<desc")[1].split("</desc>")[0]
    for answer in SURVEY_2024.findings[2].answers:
        assert f"{answer.label}: {answer.percent}%" in desc
    # The longest label is wrapped, not cut: all of its text is in the chart.
    text = "".join(re.findall(r">([^<>]+)</tspan>", svg))
    assert "クラウドサービスやウェブサイトで利用している外部サービスの安全性、信頼性の確認" in text


def test_survey_index_goes_to_the_latest_and_unknown_surveys_are_404(client):
    response = client.get("/survey/")
    assert response.status_code == 302 and response["Location"] == "/survey/2024/"
    assert client.get("/survey/1999/").status_code == 404


def test_home_faq_and_footer_link_to_the_survey(client):
    for path in ("/", "/faq/", "/registry/"):
        assert 'href="/survey/"' in client.get(path).content.decode(), path
