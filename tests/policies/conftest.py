import pytest
from django.utils import translation


@pytest.fixture(autouse=True)
def _japanese():
    """Start each test in Japanese: a request in English elsewhere leaves its language active in the thread."""
    with translation.override("ja"):
        yield


@pytest.fixture(autouse=True)
def _empty_cache():
    """Rendered PDFs are cached by version; ids repeat across tests on a rolled-back database."""
    from django.core.cache import cache

    cache.clear()
