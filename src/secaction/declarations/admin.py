"""Back office for declarations: read-only records, cancellation, terms and settings; the two work
queues (review queue, findings of the automatic checks) are in ``admin_review.py``.

Every change goes through a service so it is checked, audited and mailed like any other transition;
no page here saves or deletes a row by itself.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied, ValidationError
from django.db.models import QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.html import format_html_join
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy, pgettext

from secaction.accounts.web import signed_in_user
from secaction.core.admin import ReadOnlyAdmin, ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_messages

from . import services

# admin_review registers the review queue and the findings queue when this module is imported.
from .admin_continuation import StaleConfirmationFilter, SuspendedFilter, SuspendForm, UnsuspendForm
from .admin_review import ReviewFindingAdmin, ReviewQueueAdmin
from .models import (
    Declaration,
    DeclarationEvent,
    LogoDownload,
    ProgrammeSettings,
    ReviewFinding,
    Status,
    TermsVersion,
)
from .rules import programme_settings_errors

__all__ = ["ReviewFindingAdmin", "ReviewQueueAdmin"]


class EventInline(admin.TabularInline):
    model = DeclarationEvent
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "level", "status", "actor", "by_staff", "message")
    readonly_fields = fields

    def has_add_permission(self, request: HttpRequest, obj: Any = None) -> bool:
        return False


class FindingInline(admin.TabularInline):
    """The automatic checks' findings about this declaration (resolved in the findings queue)."""

    model = ReviewFinding
    extra = 0
    can_delete = False
    fields = ("created_at", "kind", "message", "resolved_at", "resolved_by", "resolution_note")
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
        "last_confirmed_at",
        "suspended_at",
        "imported",
    )
    list_filter = ("status", "level", SuspendedFilter, StaleConfirmationFilter, "imported")
    search_fields = (
        "declaration_id",
        "organization__name",
        "organization__name_kana",
        "organization__corporate_number",
    )
    list_select_related = ("organization",)
    date_hierarchy = "submitted_at"
    inlines = [EventInline, FindingInline]
    actions = ["cancel_selected", "suspend_selected", "unsuspend_selected"]

    # The back-office dashboard links "upgraded / withdrawn / cancelled this month" to this list.
    DASHBOARD_LOOKUPS = frozenset({"events__kind", "events__created_at__gte", "events__created_at__lt"})

    def lookup_allowed(self, lookup: str, value: str, request: HttpRequest | None = None) -> bool:
        return lookup in self.DASHBOARD_LOOKUPS or super().lookup_allowed(lookup, value, request)

    readonly_fields = ("staff_actions",)
    show_full_result_count = False

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Declaration) -> str:
        if not obj.pk or obj.status not in (Status.PENDING, Status.RETURNED, Status.ACTIVE):
            return "—"
        buttons = []
        if obj.status == Status.ACTIVE:
            # Suspension is reversible; cancellation (below) is final.
            suspend = (
                ("unsuspend", _("一時停止を解除"))
                if obj.suspended_at
                else ("suspend", pgettext("宣言の操作", "一時停止"))
            )
            buttons.append(
                (reverse(f"admin:declarations_declaration_{suspend[0]}", args=[obj.pk]), suspend[1])
            )
        buttons.append(
            (reverse("admin:declarations_declaration_cancel", args=[obj.pk]), _("不正利用などにより取り消す"))
        )
        return format_html_join(" ", '<a class="button" href="{}">{}</a>', buttons)

    @admin.action(description=gettext_lazy("選んだ宣言を取り消す(理由を入力)"))
    def cancel_selected(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> HttpResponse | None:
        if queryset.count() != 1:
            self.message_user(request, _("取消しは1件ずつ、理由を添えて行ってください。"), messages.WARNING)
            return None
        return redirect("admin:declarations_declaration_cancel", queryset.get().pk)

    def _one_selected(self, request: HttpRequest, queryset: QuerySet[Declaration], url_name: str) -> Any:
        if queryset.count() != 1:
            self.message_user(request, _("1件ずつ、理由を添えて行ってください。"), messages.WARNING)
            return None
        return redirect(url_name, queryset.get().pk)

    @admin.action(description=gettext_lazy("選んだ宣言を一時停止する(理由を入力)"))
    def suspend_selected(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> HttpResponse | None:
        return self._one_selected(request, queryset, "admin:declarations_declaration_suspend")

    @admin.action(description=gettext_lazy("選んだ宣言の一時停止を解除する"))
    def unsuspend_selected(
        self, request: HttpRequest, queryset: QuerySet[Declaration]
    ) -> HttpResponse | None:
        return self._one_selected(request, queryset, "admin:declarations_declaration_unsuspend")

    def suspend_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(Declaration.objects.select_related("organization"), pk=pk),
            SuspendForm,
            services.declaration_suspend,
            title=_("宣言の一時停止"),
            intro=_(
                "一時停止中は、ロゴマーク等のダウンロードが止まり、確認ページとAPIは「一時停止中」と答えます。"
                "宣言IDと状態(宣言中)はそのままで、解除すれば元に戻ります。理由は宣言者に表示され、メールでも知らせます。"
            ),
            done=_("宣言を一時停止し、宣言者に通知しました。"),
        )

    def unsuspend_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        return self.service_form_view(
            request,
            get_object_or_404(Declaration.objects.select_related("organization"), pk=pk),
            UnsuspendForm,
            services.declaration_unsuspend,
            title=_("一時停止の解除"),
            intro=_(
                "解除すると、ロゴマーク等のダウンロードと確認ページの表示がすぐに元に戻ります。宣言者にメールで知らせます。"
            ),
            done=_("一時停止を解除し、宣言者に通知しました。"),
        )

    def get_urls(self) -> list[Any]:
        return [
            path(
                "<int:pk>/cancel/",
                self.admin_site.admin_view(self.cancel_view),
                name="declarations_declaration_cancel",
            ),
            path(
                "<int:pk>/suspend/",
                self.admin_site.admin_view(self.suspend_view),
                name="declarations_declaration_suspend",
            ),
            path(
                "<int:pk>/unsuspend/",
                self.admin_site.admin_view(self.unsuspend_view),
                name="declarations_declaration_unsuspend",
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
                    declaration=decl, staff=signed_in_user(request), reason=form.cleaned_data["reason"]
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
                staff=signed_in_user(request),
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
        terms = services.terms_publish(staff=signed_in_user(request), terms=queryset.get())
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
            staff=signed_in_user(request),
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
