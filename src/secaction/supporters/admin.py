"""Back office for 普及賛同企業等: the review queue (pending first), approve / return / suspend, offers read-only.

Records are read-only here; every change goes through a service so it is audited and mailed.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Case, IntegerField, QuerySet, Value, When
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_messages

from . import services
from .models import Supporter, SupporterStatus, SupportOffer


class MessageForm(forms.Form):
    message = forms.CharField(
        label=gettext_lazy("申請者への連絡(申請者に表示されます)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


class OfferInline(admin.TabularInline):
    model = SupportOffer
    extra = 0
    can_delete = False
    fields = ("title", "category", "audience", "prefecture", "is_published", "updated_at")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


# What each staff action needs: the label, the form's title, and whether it takes a message.
ACTIONS: dict[str, tuple[Any, Any]] = {
    "approve": (gettext_lazy("承認する"), gettext_lazy("普及賛同企業等の申請の承認")),
    "return": (gettext_lazy("差し戻す(連絡を入力)"), gettext_lazy("普及賛同企業等の申請の差戻し")),
    "suspend": (gettext_lazy("掲載を停止する(理由を入力)"), gettext_lazy("普及賛同企業等の掲載停止")),
    "reinstate": (gettext_lazy("掲載を再開する(連絡を入力)"), gettext_lazy("普及賛同企業等の掲載再開")),
}


@admin.register(Supporter)
class SupporterAdmin(ServiceOnlyAdmin):
    list_display = ("organization", "kind", "status", "applied_at", "reviewed_at")
    list_filter = ("status", "kind")
    search_fields = ("organization__name", "organization__name_kana", "organization__corporate_number")
    list_select_related = ("organization",)
    inlines = [OfferInline]
    readonly_fields = ("staff_actions",)
    actions = ["approve_selected", "return_selected", "suspend_selected"]
    show_full_result_count = False

    def get_queryset(self, request: HttpRequest) -> QuerySet[Supporter]:
        # The review queue: applications waiting for staff come first, oldest first. Annotated before
        # ordering, which ModelAdmin.get_queryset would apply too early.
        return (
            self.model._default_manager.get_queryset()
            .annotate(
                queue=Case(When(status=SupporterStatus.PENDING, then=Value(0)), default=Value(1),
                           output_field=IntegerField())
            )
            .order_by(*self.get_ordering(request))
        )  # fmt: skip

    def get_ordering(self, request: HttpRequest) -> list[str]:
        return ["queue", "applied_at", "pk"]

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Supporter) -> str:
        if not obj.pk:
            return "—"
        allowed = []
        if obj.status == SupporterStatus.PENDING:
            allowed += ["approve", "return"]
        if obj.status in services.SUSPENDABLE:
            allowed.append("suspend")
        if obj.status == SupporterStatus.SUSPENDED:
            allowed.append("reinstate")
        if not allowed:
            return "—"
        return format_html_join(
            " ",
            '<a class="button" href="{}">{}</a>',
            ((reverse("admin:supporters_supporter_act", args=[obj.pk, a]), ACTIONS[a][0]) for a in allowed),
        )

    def _one(self, request: HttpRequest, queryset: QuerySet[Supporter], action: str) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("1件ずつ操作してください。"), messages.WARNING)
            return None
        return redirect("admin:supporters_supporter_act", queryset.get().pk, action)

    @admin.action(description=gettext_lazy("選んだ申請を承認する"))
    def approve_selected(self, request: HttpRequest, queryset: QuerySet[Supporter]) -> HttpResponse | None:
        done = 0
        for supporter in queryset:
            try:
                services.supporter_approve(supporter=supporter, staff=signed_in_user(request))
            except ServiceError as exc:
                self.message_user(
                    request, f"{supporter}: {' '.join(service_error_messages(exc))}", messages.ERROR
                )
            else:
                done += 1
        if done:
            self.message_user(
                request, _("%(n)d件を承認し、申請者に通知しました。") % {"n": done}, messages.SUCCESS
            )
        return None

    @admin.action(description=gettext_lazy("選んだ申請を差し戻す(連絡を入力)"))
    def return_selected(self, request: HttpRequest, queryset: QuerySet[Supporter]) -> HttpResponse | None:
        return self._one(request, queryset, "return")

    @admin.action(description=gettext_lazy("選んだ登録の掲載を停止する(理由を入力)"))
    def suspend_selected(self, request: HttpRequest, queryset: QuerySet[Supporter]) -> HttpResponse | None:
        return self._one(request, queryset, "suspend")

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/act/<str:action>/",
                self.admin_site.admin_view(self.act_view),
                name="supporters_supporter_act",
            ),
            *super().get_urls(),
        ]

    def act_view(self, request: HttpRequest, pk: int, action: str) -> HttpResponse:
        if not self.has_change_permission(request) or action not in ACTIONS:
            raise PermissionDenied
        supporter = get_object_or_404(Supporter.objects.select_related("organization"), pk=pk)
        needs_message = action != "approve"
        form = MessageForm(request.POST if request.method == "POST" else None) if needs_message else None
        if request.method == "POST" and (form is None or form.is_valid()):
            text = form.cleaned_data["message"] if form is not None else ""
            try:
                if action == "approve":
                    services.supporter_approve(supporter=supporter, staff=signed_in_user(request))
                elif action == "return":
                    services.supporter_return(
                        supporter=supporter, staff=signed_in_user(request), message=text
                    )
                elif action == "reinstate":
                    services.supporter_reinstate(
                        supporter=supporter, staff=signed_in_user(request), message=text
                    )
                else:
                    services.supporter_suspend(
                        supporter=supporter, staff=signed_in_user(request), reason=text
                    )
            except ServiceError as exc:
                self.message_user(request, " ".join(service_error_messages(exc)), messages.ERROR)
            else:
                self.message_user(request, _("%(org)s: 操作し、申請者に通知しました。") % {"org": supporter},
                                  messages.SUCCESS)  # fmt: skip
            return redirect("admin:supporters_supporter_change", supporter.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": ACTIONS[action][1],
            "supporter": supporter,
            "action": action,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/supporters/act.html", context)


@admin.register(SupportOffer)
class SupportOfferAdmin(ReadOnlyAdmin):
    list_display = ("title", "supporter", "category", "audience", "prefecture", "is_published", "updated_at")
    list_filter = ("is_published", "category", "audience", "supporter__status")
    search_fields = ("title", "supporter__organization__name")
    list_select_related = ("supporter__organization",)
    readonly_fields = [f.name for f in SupportOffer._meta.fields]
