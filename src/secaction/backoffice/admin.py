"""Third-party records in the back office: read-only, so nothing changes around our services.

allauth's e-mail addresses and authenticators change on the site (the person's own
pages) or through ``accounts.services``; the sites framework's one row is configuration
set by migrations. Groups and per-user permissions are not used (staff is one role,
``is_staff``), so their page is removed.
"""

from __future__ import annotations

from allauth.account.admin import EmailAddressAdmin
from allauth.account.models import EmailAddress
from allauth.mfa.admin import AuthenticatorAdmin
from allauth.mfa.models import Authenticator
from django.contrib import admin
from django.contrib.auth.models import Group
from django.contrib.sites.admin import SiteAdmin
from django.contrib.sites.models import Site

from secaction.core.admin import ReadOnlyAdmin

admin.site.unregister(Group)

for model, base in (
    (EmailAddress, EmailAddressAdmin),
    (Authenticator, AuthenticatorAdmin),
    (Site, SiteAdmin),
):
    admin.site.unregister(model)
    admin.site.register(model, type(f"ReadOnly{base.__name__}", (ReadOnlyAdmin, base), {"actions": []}))

from . import admin_exports  # noqa: E402, F401 (registers the export pages)
