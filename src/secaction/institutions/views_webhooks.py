"""The contacts' webhook pages: the list and registration, a webhook's delivery log, deactivation, replay.

Only active contacts of an active institution see them; another institution's webhook or delivery answers
404, as an unknown one does. Views stay thin: parse, call a service, render.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django import forms
from django.contrib import messages
from django.http import Http404, HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import render
from django.urls import reverse
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext_lazy
from django.views.decorators.http import require_http_methods

from secaction.accounts.web import signed_in_user
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form, service_error_to_messages

from .models import ApiKey, Institution, Webhook
from .selectors_webhooks import (
    webhook_deliveries,
    webhook_delivery_get,
    webhook_get,
    webhook_keys_for,
    webhooks_for,
)
from .services.webhooks import webhook_deactivate, webhook_delivery_replay, webhook_register
from .web import institution_contact_required

View = Callable[..., HttpResponse]


class _KeyChoiceField(forms.ModelChoiceField):
    def label_from_instance(self, obj: Any) -> str:
        return f"{obj.key_prefix}… ({obj.institution})"


class WebhookForm(forms.Form):
    api_key = _KeyChoiceField(
        label=pgettext_lazy("webhook", "APIキー"),
        queryset=ApiKey.objects.none(),
        empty_label=None,
        error_messages={"invalid_choice": gettext_lazy("使えるAPIキーを選んでください。")},
    )
    url = forms.CharField(
        label=gettext_lazy("送信先URL"),
        max_length=500,
        help_text=gettext_lazy(
            "https:// で始まるURL。変更があるたびに、署名付きのJSONをこのURLにPOSTします。"
        ),
        error_messages={"required": gettext_lazy("送信先URLを入力してください。")},
    )

    def __init__(self, *args: Any, institution: Institution, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        field = self.fields["api_key"]
        assert isinstance(field, forms.ModelChoiceField)
        field.queryset = webhook_keys_for(institution)


def _webhook(institution: Institution, pk: int) -> Webhook:
    webhook = webhook_get(institution, pk)
    if webhook is None:
        raise Http404(_("このWebhookは見つかりません。"))
    return webhook


@require_http_methods(["GET", "POST"])
@institution_contact_required
def webhooks(request: HttpRequest, *, institution: Institution) -> HttpResponse:
    """The list, and the form that registers a webhook; the secret is shown once, on the answer to the POST."""
    form = WebhookForm(request.POST or None, institution=institution)
    if request.method == "POST" and form.is_valid():
        try:
            webhook, secret = webhook_register(
                api_key=form.cleaned_data["api_key"],
                url=form.cleaned_data["url"],
                actor=signed_in_user(request),
            )
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            # Rendered, not redirected: the secret must not travel through the session or a URL.
            return render(
                request, "institutions/webhooks/registered.html", {"webhook": webhook, "secret": secret}
            )
    context = {"institution": institution, "webhooks": webhooks_for(institution), "form": form}
    return render(request, "institutions/webhooks/list.html", context)


@require_http_methods(["GET"])
@institution_contact_required
def webhook_log(request: HttpRequest, pk: int, *, institution: Institution) -> HttpResponse:
    webhook = _webhook(institution, pk)
    context = {"webhook": webhook, "deliveries": webhook_deliveries(webhook)}
    return render(request, "institutions/webhooks/log.html", context)


@require_http_methods(["POST"])
@institution_contact_required
def webhook_stop(request: HttpRequest, pk: int, *, institution: Institution) -> HttpResponse:
    webhook = _webhook(institution, pk)
    try:
        webhook_deactivate(webhook=webhook, actor=signed_in_user(request))
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(request, _("Webhookを無効にしました。今後は送信しません。"))
    return HttpResponseRedirect(reverse("institutions:webhooks"))


@require_http_methods(["POST"])
@institution_contact_required
def delivery_replay(request: HttpRequest, pk: int, *, institution: Institution) -> HttpResponse:
    delivery = webhook_delivery_get(institution, pk)
    if delivery is None:
        raise Http404(_("この送信は見つかりません。"))
    try:
        replay = webhook_delivery_replay(delivery=delivery, actor=signed_in_user(request))
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    else:
        messages.success(
            request, _("再送しました(送信番号 %(id)s)。結果は一覧に表示されます。") % {"id": replay.pk}
        )
    return HttpResponseRedirect(reverse("institutions:webhook", args=[delivery.webhook_id]))
