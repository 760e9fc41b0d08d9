"""Request middleware shared by every page."""

from django.http import HttpRequest
from django.middleware.locale import LocaleMiddleware


class ExplicitLocaleMiddleware(LocaleMiddleware):
    """Japanese unless the visitor chose English with the language switch.

    The browser's Accept-Language is ignored on purpose: the programme's pages
    are Japanese first, and a declarer on an English-configured PC should
    still see the Japanese that the programme office and the documents use.
    The explicit choice (the language cookie set by ``/i18n/setlang/``) wins.
    """

    def process_request(self, request: HttpRequest) -> None:
        request.META.pop("HTTP_ACCEPT_LANGUAGE", None)
        super().process_request(request)
