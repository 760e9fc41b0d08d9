from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse, JsonResponse
from django.shortcuts import get_object_or_404, render
from django.views.decorators.cache import never_cache
from django.views.decorators.http import require_GET

from .models import OutgoingMail
from .selectors import health_get


@never_cache
@require_GET
def healthz(request: HttpRequest) -> JsonResponse:
    state = health_get()
    return JsonResponse(state, status=200 if state["ok"] else 503)


def _debug_only() -> None:
    # Checked per request (not at URL import) so that turning DEBUG off always hides it.
    if not settings.DEBUG:
        raise Http404


@never_cache
@require_GET
def dev_outbox(request: HttpRequest) -> HttpResponse:
    """DEBUG only: the latest outgoing mails, so a developer can read the verification mail."""
    _debug_only()
    mails = OutgoingMail.objects.all()[:50]
    return render(request, "core/dev_outbox.html", {"mails": mails})


@never_cache
@require_GET
def dev_outbox_detail(request: HttpRequest, pk: int) -> HttpResponse:
    _debug_only()
    mail = get_object_or_404(OutgoingMail, pk=pk)
    return render(request, "core/dev_outbox_detail.html", {"mail": mail})
