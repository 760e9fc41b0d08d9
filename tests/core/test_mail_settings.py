"""The SMTP timeout and TLS come from the environment (issue 10, finding 4): checked on the real settings module."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
READ = (
    "import json, django; django.setup(); from django.conf import settings as s; "
    "print(json.dumps([s.EMAIL_TIMEOUT, s.EMAIL_USE_TLS, s.EMAIL_HOST, hasattr(s, 'OPTIONS')]))"
)


def _settings(**env: str) -> list[object]:
    clean = {k: v for k, v in os.environ.items() if not k.startswith("EMAIL_")}
    done = subprocess.run(
        [sys.executable, "-c", READ],
        env={
            **clean,
            "DJANGO_SETTINGS_MODULE": "secaction.settings",
            "DEBUG": "1",
            "PYTHONPATH": str(ROOT / "src"),
            **env,
        },
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return list(json.loads(done.stdout.strip().splitlines()[-1]))


@pytest.mark.parametrize(
    ("env", "expected"),
    [
        ({"EMAIL_URL": "smtp://mail.example.jp:587"}, [30, False, "mail.example.jp", False]),
        (
            {"EMAIL_URL": "smtp://mail.example.jp:587/?timeout=7&tls=True"},
            [7, True, "mail.example.jp", False],
        ),
        (
            {"EMAIL_URL": "smtp://mail.example.jp:587/?timeout=7", "EMAIL_TIMEOUT": "12"},
            [12, False, "mail.example.jp", False],
        ),
    ],
)
def test_email_timeout_defaults_to_thirty_seconds_and_is_read_from_email_url(env, expected):
    assert _settings(**env) == expected
