"""Fixtures for driving the API through a real WSGI handler (schemathesis) inside a test transaction."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from django.core.signals import request_finished, request_started
from django.db import close_old_connections


@pytest.fixture
def wsgi_keeps_test_connection() -> Iterator[None]:
    """Stop each WSGI request from closing the database connection, as ``django.test.Client`` does.

    A plain ``WSGIHandler`` closes the connection when a request starts and ends, which
    on PostgreSQL ends the test's transaction (and its seeded rows) mid-test.
    """
    request_started.disconnect(close_old_connections)
    request_finished.disconnect(close_old_connections)
    yield
    request_started.connect(close_old_connections)
    request_finished.connect(close_old_connections)
