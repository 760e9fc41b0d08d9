"""Back office for declarations: read-mostly records, the review queue, cancellation, terms and settings.

Every change goes through a service so it is audited and mailed like any other transition.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin
from secaction.core.services import audit_record

from . import selectors, services
from .models import (
    Declaration,
    DeclarationEvent,
    LogoDownload,
    ProgrammeSettings,
    ReviewMode,
    ReviewQueueItem,
    Status,
    TermsVersion,
)


class EventInline(admin.TabularInline):
    model = DeclarationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "level", "status", "actor", "by_staff", "message")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class CancelForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("取消しの理由(申込者に表示されます)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


@admin.register(Declaration)
class DeclarationAdmin(ServiceOnlyAdmin):
    list_display = (
        "declaration_id",
        "organization",
        "level",
        "status",
        "submitted_at",
        "declared_at",
        "imported",
    )
    list_filter = ("status", "level", "imported")
    search_fields = (
        "declaration_id",
        "organization__name",
        "organization__name_kana",
        "organization__corporate_number",
    )
    list_select_related = ("organization",)
    date_hierarchy = "submitted_at"
    inlines = [EventInline]
    actions = ["cancel_selected"]
    readonly_fields = ("staff_actions",)
    show_full_result_count = False

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Declaration) -> str:
        if obj.pk and obj.status in (Status.PENDING, Status.RETURNED, Status.ACTIVE):
            return format_html(
                '<a class="button" href="{}">{}</a>',
                reverse("admin:declarations_declaration_cancel", args=[obj.pk]),
                _("不正利用などにより取り消す"),
            )
        return "—"

    @admin.action(description=gettext_lazy("選んだ宣言を取り消す(理由を入力)"))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("取消しは1件ずつ、理由を添えて行ってください。"), messages.WARNING)
            return None
        return redirect("admin:declarations_declaration_cancel", queryset.get().pk)

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name="declarations_declaration_cancel",
            ),
            *super().get_urls(),
        ]

    def cancel_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        decl = get_object_or_404(Declaration.objects.select_related("organization"), pk=pk)
        form = CancelForm(request.POST if request.method == "POST" else None)
        if request.method == "POST" and form.is_valid():
            try:
                services.declaration_cancel(
                    declaration=decl, staff=request.user, reason=form.cleaned_data["reason"]
                )
            except services.DeclarationError as exc:
                self.message_user(request, str(exc), messages.ERROR)
            else:
                self.message_user(request, _("宣言を取り消し、申込者に通知しました。"), messages.SUCCESS)
            return redirect("admin:declarations_declaration_change", decl.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": _("宣言の取消し"),
            "declaration": decl,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/declarations/cancel.html", context)


@admin.register(ReviewQueueItem)
class ReviewQueueAdmin(admin.ModelAdmin):
    """The staff queue for reviewed mode: automatic checks, accept or return with a message."""

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def has_view_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("declarations.change_declaration")

    def has_change_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return request.user.has_perm("declarations.change_declaration")

    def has_module_permission(self, request: HttpRequest) -> bool:
        return self.has_view_permission(request)

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        if request.method == "POST":
            return self._act(request)
        settings_row = ProgrammeSettings.load()
        context = {
            **self.admin_site.each_context(request),
            "title": _("確認待ちの申込み"),
            "items": selectors.review_queue(),
            "settings_row": settings_row,
            "reviewed": settings_row.review_mode == ReviewMode.REVIEWED,
            "opts": self.model._meta,
            "now": timezone.now(),
        }
        return TemplateResponse(request, "admin/declarations/review_queue.html", context)

    def _act(self, request: HttpRequest) -> HttpResponse:
        raw = request.POST.get("declaration", "")
        decl = get_object_or_404(Declaration, pk=int(raw) if raw.isdigit() else 0)
        action = request.POST.get("action")
        try:
            if action == "accept":
                decl = services.declaration_accept(declaration=decl, staff=request.user)
                self.message_user(
                    request,
                    _("%(org)s を受理し、宣言ID %(id)s を発行しました。")
                    % {"org": decl.organization.name, "id": decl.declaration_id},
                    messages.SUCCESS,
                )
            elif action == "return":
                services.declaration_return(
                    declaration=decl, staff=request.user, message=request.POST.get("message", "")
                )
                self.message_user(
                    request,
                    _("%(org)s に差し戻しました。") % {"org": decl.organization.name},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("操作を選んでください。"), messages.ERROR)
        except services.DeclarationError as exc:
            self.message_user(request, f"{decl.organization.name}: {exc}", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:declarations_reviewqueueitem_changelist"))


class TermsVersionForm(forms.ModelForm):
    class Meta:
        model = TermsVersion
        fields = ("version", "title", "body", "published_at")


@admin.register(TermsVersion)
class TermsVersionAdmin(admin.ModelAdmin):
    """Terms are never edited once saved (declarers agreed to that text); publish a new version instead."""

    form = TermsVersionForm
    list_display = ("version", "title", "published_at", "is_current")
    actions = ["make_current"]

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> tuple[str, ...]:
        return ("version", "title", "body", "published_at", "is_current") if obj else ("is_current",)

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def save_model(self, request: HttpRequest, obj: TermsVersion, form: Any, change: bool) -> None:
        if change:
            return
        obj.is_current = False
        super().save_model(request, obj, form, change)
        audit_record(actor=request.user, action="terms.create", target=obj, message=obj.version)

    @admin.action(description=gettext_lazy("選んだ版を現行の規約にする"))
    def make_current(self, request: HttpRequest, queryset: QuerySet[TermsVersion]) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("現行版にできるのは1つだけです。"), messages.WARNING)
            return
        terms = services.terms_publish(staff=request.user, terms=queryset.get())
        self.message_user(
            request, _("第%(v)s版を現行の規約にしました。") % {"v": terms.version}, messages.SUCCESS
        )


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSettings
        fields = ("review_mode", "review_target_days", "logo_mail_delay_days")
        widgets = {"review_mode": forms.RadioSelect}

    def clean_review_target_days(self) -> int:
        days = int(self.cleaned_data["review_target_days"])
        if not 1 <= days <= 60:
            raise forms.ValidationError(_("確認の目標日数は1〜60日で入力してください。"))
        return days

    def clean_logo_mail_delay_days(self) -> int:
        days = int(self.cleaned_data["logo_mail_delay_days"])
        if not 0 <= days <= 60:
            raise forms.ValidationError(
                _("ロゴマークのご案内メールを送るまでの日数は0〜60日で入力してください。")
            )
        return days


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin):
    form = ProgrammeSettingsForm

    def has_add_permission(self, request: HttpRequest) -> bool:
        return False

    def has_delete_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False

    def changelist_view(
        self, request: HttpRequest, extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        return redirect("admin:declarations_programmesettings_change", ProgrammeSettings.load().pk)

    def save_model(self, request: HttpRequest, obj: ProgrammeSettings, form: Any, change: bool) -> None:
        # Through the service, so the change is validated and audited.
        services.programme_settings_update(
            staff=request.user,
            review_mode=obj.review_mode,
            review_target_days=obj.review_target_days,
            logo_mail_delay_days=obj.logo_mail_delay_days,
        )


@admin.register(LogoDownload)
class LogoDownloadAdmin(ReadOnlyAdmin):
    list_display = ("created_at", "declaration", "user", "level", "file_format")
    list_filter = ("file_format", "level")
    search_fields = ("declaration__declaration_id", "user__email")
    list_select_related = ("declaration__organization", "user")
