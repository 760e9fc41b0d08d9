from __future__ import annotations

import pytest


@pytest.fixture
def gate(settings):
    """The log-in gate on (the test settings turn it off for the other apps)."""
    settings.LEGAL_ACCEPTANCE_GATE = True
