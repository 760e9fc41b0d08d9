"""The public contact form and the signed reply link of an inquirer without an account. Thin: parse, call a
service, render (docs/inquiries.md)."""

from __future__ import annotations

from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from secaction.core.clientip import client_ip_bucket
from secaction.core.errors import AccessDenied, ServiceError
from secaction.core.web import service_error_to_form
from secaction.organizations.selectors import membership_for_user

from .forms import InquiryForm, MessageForm
from .selectors import inquiry_for_token, inquiry_thread
from .services import inquiry_submit, inquiry_token_reply

_SESSION_KEY = "inquiry_reference"


def _initial(request: HttpRequest) -> dict[str, str]:
    """A logged-in declarer's name and address, so the form is filled in for them."""
    user = request.user
    if not user.is_authenticated:
        return {}
    membership = membership_for_user(user)
    name = user.get_full_name() or (membership.organization.contact_name if membership else "")
    return {"name": name, "email": user.email, "category": request.GET.get("category", "")}


def contact(request: HttpRequest) -> HttpResponse:
    form = InquiryForm(request.POST or None, initial=_initial(request))
    if request.method == "POST" and form.is_valid():
        data = form.cleaned_data
        try:
            inquiry = inquiry_submit(
                request.user,
                category=data["category"],
                subject=data["subject"],
                body=data["body"],
                name=data["name"],
                email=data["email"],
                client_ip=client_ip_bucket(request),
                honeypot=data["homepage"],
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            request.session[_SESSION_KEY] = inquiry.reference if inquiry else ""
            return redirect("inquiries:sent")
    organization = None
    if request.user.is_authenticated:
        membership = membership_for_user(request.user)
        organization = membership.organization if membership else None
    return render(request, "inquiries/contact.html", {"form": form, "organization": organization})


def sent(request: HttpRequest) -> HttpResponse:
    reference = request.session.get(_SESSION_KEY, "")
    return render(request, "inquiries/sent.html", {"reference": reference})


def token_reply(request: HttpRequest, token: str) -> HttpResponse:
    """The reply form of one inquiry, opened from the link in the office's reply mail (no log-in)."""
    try:
        inquiry = inquiry_for_token(token)
    except AccessDenied:
        return render(request, "inquiries/token_invalid.html", status=404)
    form = MessageForm(request.POST or None)
    done = False
    if request.method == "POST" and form.is_valid():
        try:
            inquiry_token_reply(token, form.cleaned_data["body"], client_ip=client_ip_bucket(request))
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            done = True
            form = MessageForm()
    thread = inquiry_thread(None, inquiry, token_ok=True)
    return render(request, "inquiries/token_reply.html", {"thread": thread, "form": form, "done": done})
