from django.conf import settings
from django.contrib import admin
from django.urls import include, path

from secaction.api.urls import api
from secaction.backoffice.admin_site import admin_site_configure
from secaction.core.views import dev_outbox, dev_outbox_detail, healthz

admin_site_configure()

# The public API first: its lookups are the most frequent requests, and Django
# tries the patterns in order.
urlpatterns = [
    path("api/v1/", api.urls),
    path("healthz", healthz, name="healthz"),
    path("dev/outbox/", dev_outbox, name="dev_outbox"),
    path("dev/outbox/<int:pk>/", dev_outbox_detail, name="dev_outbox_detail"),
    path("i18n/", include("django.conf.urls.i18n")),
    # Before allauth's: the GビズID log-in at allauth's own paths, stricter (secaction/accounts/oidc.py).
    path("accounts/", include("secaction.accounts.urls")),
    path("accounts/", include("allauth.urls")),
    path("org/mypage/", include("secaction.mypage.urls")),
    path("org/identity/", include("secaction.identity.urls")),
    path("org/", include("secaction.organizations.urls")),
    path("declarations/", include("secaction.declarations.urls")),
    path("diagnosis/", include("secaction.diagnosis.urls")),
    path("policy/", include("secaction.policies.urls")),
    path("registry/", include("secaction.registry.urls")),
    path("supporters/", include("secaction.supporters.urls")),
    path("institutions/", include("secaction.institutions.urls")),
    path("surveys/", include("secaction.surveys.urls")),
    path("mail/", include("secaction.mailouts.urls")),
    path("contact/", include("secaction.inquiries.urls")),
    path("legal/", include("secaction.legal.urls")),
    path("org/mydata/", include("secaction.privacy.urls")),
    path("continue/", include("secaction.continuation.urls")),
    path(settings.BACKOFFICE_PATH, admin.site.urls),
    path("", include("secaction.pages.urls")),
]
