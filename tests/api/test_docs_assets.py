"""The API docs page serves Swagger UI from the project's static files (issue 10, finding 8).

django-ninja renders its CDN template (unpinned, no integrity) unless "ninja" is
an installed app; then it uses ``ninja/swagger.html`` with the copies it ships.
"""

from __future__ import annotations

import re

import pytest
from django.conf import settings
from django.contrib.staticfiles import finders

pytestmark = pytest.mark.django_db


def test_docs_page_references_only_local_static_assets(client):
    response = client.get("/api/v1/docs")
    assert response.status_code == 200
    html = response.content.decode()
    assets = re.findall(r'(?:src|href)="([^"]+)"', html)
    assert any(a.endswith("swagger-ui-bundle.js") for a in assets)
    assert any(a.endswith("swagger-ui.css") for a in assets)
    for asset in assets:
        assert asset.startswith(settings.STATIC_URL), asset
        assert finders.find(asset.removeprefix(settings.STATIC_URL)) is not None, asset
    assert "cdn" not in html.lower()
    assert "http://" not in html and "https://" not in html
