"""Pages of the identity app: where a GビズID sign-in lands, and the taking-over of imported declarations."""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect


@login_required
def gbiz_landing(request: HttpRequest) -> HttpResponse:
    """Where a GビズID sign-in lands: the next step for the person's organisation."""
    return redirect("mypage:index")
