"""The webhook fan-out is queued when a public change is recorded, and not on saves that change nothing public."""

from __future__ import annotations

from typing import Any

import pytest
from django.utils import timezone

from secaction.institutions.models import Webhook
from tests.registry.factories import make_declaration

pytestmark = pytest.mark.django_db


def test_only_a_recorded_change_queues_the_fan_out(
    office_side: Any, django_capture_on_commit_callbacks: Any
) -> None:
    Webhook.objects.create(api_key=office_side.key, url="https://hooks.example.jp/", secret="s" * 64)
    declaration = make_declaration()
    with django_capture_on_commit_callbacks() as quiet:
        declaration.logo_mail_sent_at = timezone.now()  # nothing the public registry shows
        declaration.save()
    assert quiet == []
    with django_capture_on_commit_callbacks() as withdrawal:
        declaration.status, declaration.ended_at = "withdrawn", timezone.now()
        declaration.save()
    assert len(withdrawal) == 1


def test_no_active_webhook_queues_nothing(django_capture_on_commit_callbacks: Any) -> None:
    declaration = make_declaration()
    with django_capture_on_commit_callbacks() as callbacks:
        declaration.status, declaration.ended_at = "withdrawn", timezone.now()
        declaration.save()
    assert callbacks == []
