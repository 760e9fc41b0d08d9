"""The declarer's inquiries on My Page: the list of threads, one thread, and the reply to it."""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _

from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form

from .forms import MessageForm
from .models import Inquiry
from .selectors import inquiries_for_user, inquiry_thread
from .services import inquiry_declarer_reply


@login_required
def mine(request: HttpRequest) -> HttpResponse:
    rows = inquiries_for_user(request.user)[:200]
    return render(request, "inquiries/mine.html", {"inquiries": rows})


@login_required
def mine_thread(request: HttpRequest, pk: int) -> HttpResponse:
    inquiry = get_object_or_404(Inquiry.objects.select_related("organization"), pk=pk)
    thread = inquiry_thread(request.user, inquiry)  # AccessDenied → 403
    form = MessageForm(request.POST or None)
    if request.method == "POST" and form.is_valid():
        try:
            inquiry_declarer_reply(request.user, inquiry, form.cleaned_data["body"])
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request, _("返信を送りました。事務局からの回答はメールとこのページでお知らせします。")
            )
            return redirect("inquiries:mine_thread", inquiry.pk)
    return render(request, "inquiries/thread.html", {"thread": thread, "form": form})
