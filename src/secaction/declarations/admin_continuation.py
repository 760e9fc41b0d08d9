"""The declarations admin's continuation pieces: list filters (suspended, not confirmed for years) and the
reasoned forms of "一時停止" / "一時停止を解除", which call the continuation services.

Used by ``admin.DeclarationAdmin``; nothing here saves a row itself.
"""

from __future__ import annotations

from typing import Any

from django import forms
from django.contrib import admin
from django.db.models import QuerySet
from django.http import HttpRequest
from django.utils import timezone
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy

from .models import Declaration
from .selectors import continuation_stale_years, declarations_needing_attention


class SuspendForm(forms.Form):
    reason = forms.CharField(
        label=gettext_lazy("一時停止の理由(宣言者に表示され、メールでも知らせます)"),
        widget=forms.Textarea(attrs={"rows": 4, "cols": 60}),
        max_length=2000,
    )


class UnsuspendForm(forms.Form):
    note = forms.CharField(
        label=gettext_lazy("宣言者への連絡(任意)"),
        widget=forms.Textarea(attrs={"rows": 3, "cols": 60}),
        max_length=2000,
        required=False,
    )


class SuspendedFilter(admin.SimpleListFilter):
    title = gettext_lazy("一時停止の状態")
    parameter_name = "suspended"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", gettext_lazy("一時停止中")), ("no", gettext_lazy("一時停止していない"))]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
        if self.value() == "yes":
            return queryset.filter(suspended_at__isnull=False, status="active")
        if self.value() == "no":
            return queryset.filter(suspended_at__isnull=True)
        return queryset


class StaleConfirmationFilter(admin.SimpleListFilter):
    """Active declarations whose declarer has not confirmed them for the configured years (default 3)."""

    title = gettext_lazy("継続確認")
    parameter_name = "stale"

    def lookups(self, request: HttpRequest, model_admin: Any) -> list[tuple[str, Any]]:
        return [("yes", _("継続確認が%(years)s年以上ない") % {"years": continuation_stale_years()})]

    def queryset(self, request: HttpRequest, queryset: QuerySet[Declaration]) -> QuerySet[Declaration]:
        if self.value() == "yes":
            stale = declarations_needing_attention(timezone.now())
            return queryset.filter(pk__in=stale.values("pk"))
        return queryset
