"""``programme_settings_get``: the office's settings for reading, without writing."""

import pytest

from secaction.declarations.models import ProgrammeSettings, ReviewMode
from secaction.declarations.selectors import programme_settings_get

pytestmark = pytest.mark.django_db


def test_before_anyone_saved_settings_it_gives_the_defaults_and_writes_nothing(django_assert_num_queries):
    with django_assert_num_queries(1):  # one SELECT, no INSERT
        settings_row = programme_settings_get()
    assert settings_row.review_mode == ReviewMode.IMMEDIATE
    assert settings_row.review_target_days == 7
    assert not ProgrammeSettings.objects.exists()


def test_it_gives_the_stored_settings():
    ProgrammeSettings.objects.create(pk=1, review_mode=ReviewMode.REVIEWED, review_target_days=10)
    settings_row = programme_settings_get()
    assert settings_row.review_mode == ReviewMode.REVIEWED and settings_row.review_target_days == 10
