"""Fixtures shared by the institutions tests (pytest finds fixtures in conftest modules only)."""

from .webhook_fixtures import office_side, other_side, receiver  # noqa: F401
