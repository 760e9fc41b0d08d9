"""``legal.versions.version_text_check``: the pure checks of a new version of a text people agree to."""

from __future__ import annotations

from secaction.legal.versions import version_text_check


def test_values_are_stripped_and_a_free_version_passes():
    values, errors = version_text_check(" 2.0 ", " 利用規約 ", "本文\n", taken=lambda number: False)
    assert values == {"version": "2.0", "title": "利用規約", "body": "本文"}
    assert errors == {}


def test_each_field_is_required():
    values, errors = version_text_check("  ", None, "", taken=lambda number: False)
    assert set(errors) == {"version", "title", "body"}


def test_a_taken_version_number_is_refused_and_the_check_sees_the_stripped_number():
    asked: list[str] = []
    _values, errors = version_text_check(" 1.0", "t", "b", taken=lambda number: asked.append(number) or True)
    assert asked == ["1.0"]
    assert "この版はすでにあります" in errors["version"][0]
