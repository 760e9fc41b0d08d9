from django.conf import settings
from django.http import HttpRequest


def site(request: HttpRequest) -> dict[str, object]:
    return {
        "SITE_URL": settings.SITE_URL,
        # Lets the footer point developers at /dev/outbox/ (the page itself 404s without DEBUG).
        "DEV_OUTBOX": settings.DEBUG,
    }
