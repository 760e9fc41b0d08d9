"""A fast path for the API's hottest request: looking up a declaration that exists."""

from __future__ import annotations

import re
from collections.abc import Callable

from django.http import HttpRequest, HttpResponse

from secaction.declarations.ids import DeclarationIdError, declaration_id_normalize
from secaction.registry.selectors import declaration_public_get

from .caching import lookup_response
from .ratelimit import RateLimited, rate_limit_address

# The same route as the ninja endpoint `GET /api/v1/declarations/{declaration_id}`, for
# the one spelling most clients send: 11 ASCII digits.
_LOOKUP_PATH = re.compile(r"/api/v1/declarations/(?P<code>[0-9]{11})")


class DeclarationLookupFastPath:
    """Answer a lookup of a known declaration before the rest of the middleware stack runs.

    Subsidy offices and business partners call the lookup far more often than
    anything else, and for a JSON answer sessions, language, CSRF, messages,
    authentication and URL routing are all wasted work: together they cost more
    than the lookup itself (docs/performance.md). Like Django's cache
    middleware, this one answers early when it can and otherwise gets out of
    the way: it only handles a GET for a well-formed ID that exists, from a
    client within its rate limit. Everything else (other spellings of the ID,
    malformed or unknown IDs, clients over their limit) goes on to the ninja
    endpoint, the reference implementation, which answers as documented. Both
    use the same selector, renderer and rate limiter (which counts a request
    once, whichever of the two asks first), and the tests check that their
    answers are identical.

    It runs before ``CommonMiddleware`` validates the Host header against
    ALLOWED_HOSTS; nothing in the answer is built from the host, so a forged
    one cannot leak into it.

    Place it right after ``SecurityMiddleware`` so its headers still apply.
    """

    def __init__(self, get_response: Callable[[HttpRequest], HttpResponse]) -> None:
        self.get_response = get_response

    def __call__(self, request: HttpRequest) -> HttpResponse:
        # A lookup "as of" a date is the endpoint's: it validates the date and explains a bad one.
        as_of = bool(request.META.get("QUERY_STRING")) and "as_of" in request.GET
        if request.method == "GET" and not as_of:
            match = _LOOKUP_PATH.fullmatch(request.path_info)
            if match is not None:
                response = self._answer(request, match["code"])
                if response is not None:
                    return response
        return self.get_response(request)

    @staticmethod
    def _answer(request: HttpRequest, code: str) -> HttpResponse | None:
        try:
            # Counted once per request: the endpoint, if it takes over, reuses this verdict.
            rate_limit_address(request)
        except RateLimited:
            return None  # the endpoint answers 429 with Retry-After, without touching the database
        try:
            if declaration_id_normalize(code) != code:
                return None
        except DeclarationIdError:
            return None  # the endpoint explains what is wrong with the ID
        record = declaration_public_get(code)
        if record is None:
            return None  # the endpoint answers 404
        return lookup_response(request, record)  # the endpoint's very answer, 304 included
