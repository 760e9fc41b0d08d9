"""Back office for declarations: read-only records, the review queue, the findings of the automatic
checks, cancellation, terms and settings.

Every change goes through a service so it is checked, audited and mailed like any other transition;
no page here saves or deletes a row by itself.
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any, cast

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse, HttpResponseRedirect
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils import timezone
from django.utils.html import format_html
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, ngettext

from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_messages

from . import selectors, services
from .models import (
    Declaration,
    DeclarationEvent,
    LogoDownload,
    ProgrammeSettings,
    ReviewFinding,
    ReviewMode,
    ReviewQueueItem,
    Status,
    TermsVersion,
)
from .rules import programme_settings_errors

if TYPE_CHECKING:
    from secaction.accounts.models import User


def _staff(request: HttpRequest) -> User:
    """The staff member acting: the back office admits only signed-in staff (the services check again)."""
    return cast("User", request.user)


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
                    declaration=decl, staff=_staff(request), reason=form.cleaned_data["reason"]
                )
            except ServiceError as exc:
                for message in service_error_messages(exc):
                    self.message_user(request, message, messages.ERROR)
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
class ReviewQueueAdmin(ServiceOnlyAdmin):
    """The staff queue for reviewed mode: automatic checks, accept or return with a message.

    Only the list exists; opening one item shows the declaration's own (read-only) page.
    """

    def change_view(
        self,
        request: HttpRequest,
        object_id: str,
        form_url: str = "",
        extra_context: dict[str, Any] | None = None,
    ) -> HttpResponse:
        return redirect("admin:declarations_declaration_change", object_id)

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
                decl = services.declaration_accept(declaration=decl, staff=_staff(request))
                self.message_user(
                    request,
                    _("%(org)s を受理し、宣言ID %(id)s を発行しました。")
                    % {"org": decl.organization.name, "id": decl.declaration_id},
                    messages.SUCCESS,
                )
            elif action == "return":
                services.declaration_return(
                    declaration=decl, staff=_staff(request), message=request.POST.get("message", "")
                )
                self.message_user(
                    request,
                    _("%(org)s に差し戻しました。") % {"org": decl.organization.name},
                    messages.SUCCESS,
                )
            else:
                self.message_user(request, _("操作を選んでください。"), messages.ERROR)
        except ServiceError as exc:
            for message in service_error_messages(exc):
                self.message_user(request, f"{decl.organization.name}: {message}", messages.ERROR)
        return HttpResponseRedirect(reverse("admin:declarations_reviewqueueitem_changelist"))


class OpenFindingFilter(admin.SimpleListFilter):
    """Open findings first: the list is a work queue, resolved ones are history."""

    title = gettext_lazy("対応状況")
    parameter_name = "state"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, str]]:
        return [("open", _("未対応")), ("resolved", _("対応済み")), ("all", _("すべて"))]

    def choices(self, changelist: Any) -> Any:
        # Without Django's "All" entry: with "open" as the default it would show the open ones.
        for lookup, title in self.lookup_choices:
            yield {
                "selected": self.value() == lookup,
                "query_string": changelist.get_query_string({self.parameter_name: lookup}),
                "display": title,
            }

    def value(self) -> str:
        return super().value() or "open"

    def queryset(self, request: HttpRequest, queryset: QuerySet[ReviewFinding]) -> QuerySet[ReviewFinding]:
        if self.value() == "open":
            return queryset.filter(resolved_at__isnull=True)
        if self.value() == "resolved":
            return queryset.filter(resolved_at__isnull=False)
        return queryset


@admin.register(ReviewFinding)
class ReviewFindingAdmin(ServiceOnlyAdmin):
    """Staff queue of what the automatic checks found after an immediate issue.

    Staff open the declaration (to cancel it for misuse) and mark findings resolved through
    ``review_finding_resolve``; nothing else changes here.
    """

    list_display = ("created_at", "declaration_link", "organization_name", "kind", "message", "resolved_at")
    list_filter = (OpenFindingFilter, "kind")
    search_fields = ("declaration__declaration_id", "declaration__organization__name", "message")
    list_select_related = ("declaration__organization", "resolved_by")
    actions = ["resolve_selected"]

    @admin.display(description=gettext_lazy("宣言ID"))
    def declaration_link(self, obj: ReviewFinding) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:declarations_declaration_change", args=[obj.declaration_id]),
            obj.declaration.declaration_id or "—",
        )

    @admin.display(description=gettext_lazy("事業者名"))
    def organization_name(self, obj: ReviewFinding) -> str:
        return obj.declaration.organization.name

    @admin.action(description=gettext_lazy("選んだ指摘を対応済みにする"))
    def resolve_selected(self, request: HttpRequest, queryset: QuerySet[ReviewFinding]) -> None:
        done = 0
        for finding in queryset.filter(resolved_at__isnull=True):
            try:
                services.review_finding_resolve(
                    finding=finding,
                    staff=_staff(request),
                    note=_("一覧から対応済みにしました。"),
                )
            except ServiceError as exc:
                for message in service_error_messages(exc):
                    self.message_user(request, message, messages.ERROR)
            else:
                done += 1
        self.message_user(
            request,
            ngettext("%(n)d件の指摘を対応済みにしました。", "%(n)d件の指摘を対応済みにしました。", done)
            % {"n": done},
            messages.SUCCESS,
        )


class TermsVersionForm(forms.ModelForm):
    class Meta:
        model = TermsVersion
        fields = ("version", "title", "body", "published_at")


@admin.register(TermsVersion)
class TermsVersionAdmin(ServiceOnlyAdmin):
    """Terms are never edited once saved (declarers agreed to that text); add a new version instead.

    Adding goes through ``terms_create`` and putting a version in force through ``terms_publish``.
    """

    form = TermsVersionForm
    list_display = ("version", "title", "published_at", "is_current")
    actions = ["make_current"]

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("declarations.add_termsversion")

    def get_readonly_fields(self, request: HttpRequest, obj: Any = None) -> list[str]:
        if obj is None:  # the add form: everything but "current" is typed in
            return ["is_current"]
        return super().get_readonly_fields(request, obj)

    def add_view(
        self, request: HttpRequest, form_url: str = "", extra_context: dict[str, Any] | None = None
    ) -> HttpResponse:
        # ServiceOnlyAdmin turns every POST to a form into a reload; adding is the one form that
        # saves here, and save_model hands it to the service.
        return admin.ModelAdmin.changeform_view(self, request, None, form_url, extra_context)

    def save_model(self, request: HttpRequest, obj: TermsVersion, form: Any, change: bool) -> None:
        if change:
            return  # unreachable through ServiceOnlyAdmin; a saved version is never edited
        try:
            created = services.terms_create(
                staff=_staff(request),
                version=obj.version,
                title=obj.title,
                body=obj.body,
                published_at=obj.published_at,
            )
        except ServiceError as exc:
            # The form validated the same rules a moment ago; a race (the same version added twice)
            # is all that reaches here.
            raise ValidationError(service_error_messages(exc)) from exc
        obj.pk = created.pk
        obj.is_current = created.is_current
        obj._state.adding = False

    @admin.action(description=gettext_lazy("選んだ版を現行の規約にする"))
    def make_current(self, request: HttpRequest, queryset: QuerySet[TermsVersion]) -> None:
        if queryset.count() != 1:
            self.message_user(request, _("現行版にできるのは1つだけです。"), messages.WARNING)
            return
        terms = services.terms_publish(staff=_staff(request), terms=queryset.get())
        self.message_user(
            request, _("第%(v)s版を現行の規約にしました。") % {"v": terms.version}, messages.SUCCESS
        )


class ProgrammeSettingsForm(forms.ModelForm):
    class Meta:
        model = ProgrammeSettings
        fields = ("review_mode", "review_target_days", "logo_mail_delay_days")
        widgets = {"review_mode": forms.RadioSelect}

    def clean(self) -> dict[str, Any]:
        cleaned = super().clean() or {}
        # The service's own rules, so the form never accepts what the service would refuse.
        errors = programme_settings_errors(
            review_mode=cleaned.get("review_mode", ""),
            review_target_days=cleaned.get("review_target_days"),
            logo_mail_delay_days=cleaned.get("logo_mail_delay_days"),
        )
        for field, message in errors.items():
            if field not in self.errors:
                self.add_error(field, message)
        return cleaned


@admin.register(ProgrammeSettings)
class ProgrammeSettingsAdmin(admin.ModelAdmin):
    """The single settings row, edited only through ``programme_settings_update`` (validated, audited)."""

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
        # Through the service, so the change is validated and audited; the row is saved there.
        services.programme_settings_update(
            staff=_staff(request),
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
