import datetime as dt
import re

from secaction.documents.charts import Bar, Series, _wrap, bar_chart_svg, line_chart_svg


def test_bar_chart_escapes_labels_and_draws_negative_bars_left_of_zero():
    svg = bar_chart_svg(
        [Bar("<b>A&B</b>", 10, 20), Bar("負の値", -5, 20, min=-5, value_label="-5 / 20")], title="t & t"
    )
    assert svg.startswith("<svg") and svg.endswith("</svg>")
    assert "<b>" not in svg and "&lt;b&gt;A&amp;B&lt;/b&gt;" in svg
    assert "<title" in svg and "t &amp; t" in svg
    assert svg.count('fill="#a4161a"') == 1  # the negative bar
    assert "-5 / 20" in svg


def test_full_bar_fills_the_track():
    svg = bar_chart_svg([Bar("x", 20, 20)], title="t")
    # track and bar have the same width when the value is the maximum
    widths = [part.split('"')[0] for part in svg.split('width="')[2:4]]
    assert widths[0] == widths[1]


def test_line_chart_has_a_line_per_series_and_a_legend():
    t = dt.datetime(2026, 1, 1, tzinfo=dt.UTC)
    svg = line_chart_svg(
        [Series("東京", [(t, 40), (t + dt.timedelta(days=30), 70)]), Series("大阪", [(t, 10)])],
        title="推移",
        y_min=-25,
        y_max=100,
        gridlines=(50, 70),
    )
    assert svg.count("<polyline") == 1  # one point alone is only a marker
    assert "東京" in svg and "大阪" in svg
    assert "2026-01-01" in svg and "2026-01-31" in svg
    assert svg.count('stroke-dasharray="4 3"') == 2


def test_charts_on_one_page_have_distinct_ids():
    a = bar_chart_svg([Bar("x", 1, 2)], title="a")
    b = bar_chart_svg([Bar("x", 1, 2)], title="b")
    id_a = a.split('<title id="')[1].split('"')[0]
    id_b = b.split('<title id="')[1].split('"')[0]
    assert id_a != id_b


def test_long_labels_wrap_inside_the_chart_and_the_row_grows():
    short = bar_chart_svg([Bar("短い", 1, 2)], title="t")
    long_label = "クラウドサービスやウェブサイトで利用している外部サービスの安全性、信頼性の確認"
    wrapped = bar_chart_svg([Bar(long_label, 1, 2)], title="t")
    assert "<tspan" not in short
    lines = re.findall(r"<tspan[^>]*>([^<]*)</tspan>", wrapped)
    assert len(lines) == 2 and "".join(lines) == long_label
    height = lambda svg: int(svg.split('viewBox="0 0 380 ')[1].split('"')[0])  # noqa: E731
    assert height(wrapped) == height(short) + 18


def test_wrap_breaks_latin_at_spaces_and_never_before_closing_punctuation():
    assert _wrap("Checking the security of cloud services", 8) == [
        "Checking the",
        "security of",
        "cloud services",
    ]
    lines = _wrap("あいうえお、かきくけこ", 5)
    assert lines == ["あいうえお、", "かきくけこ"]
    assert _wrap("short", 26) == ["short"] and _wrap("", 5) == [""]
