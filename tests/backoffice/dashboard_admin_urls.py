"""The site's URLs with admin pages for mail-outs and surveys, for the dashboard tests only.

The dashboard links each running mail-out and open survey to its admin page; those admin classes are
other parts of issue 13. Until they are registered, this urlconf adds plain ones (and unregisters them
at once, so ``admin.site``'s registry, which the architecture tests inspect, stays as the site has it).
"""

from __future__ import annotations

from django.conf import settings
from django.contrib import admin
from django.urls import path

from secaction.mailouts.models import Mailout
from secaction.surveys.models import Survey
from secaction.urls import urlpatterns as site_patterns

_added = [model for model in (Mailout, Survey) if not admin.site.is_registered(model)]
for _model in _added:
    admin.site.register(_model)
_admin = path(settings.BACKOFFICE_PATH, admin.site.urls)
for _model in _added:
    admin.site.unregister(_model)

urlpatterns = [_admin, *(p for p in site_patterns if getattr(p, "namespace", None) != "admin")]
