from django.http import HttpRequest, JsonResponse
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .selectors import health_get


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    state = health_get()
    return JsonResponse(state, status=200 if state["ok"] else 503)
