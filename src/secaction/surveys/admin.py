"""Back office for surveys. MINIMAL PLACEHOLDER from the results branch: helper C's admin replaces this
file and keeps ``SurveyResultsAdminMixin`` first among its bases (``surveys.admin_results``)."""

from __future__ import annotations

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from secaction.core.admin import ServiceOnlyAdmin

from .admin_results import SurveyResultsAdminMixin
from .models import Survey


@admin.register(Survey)
class SurveyAdmin(SurveyResultsAdminMixin, ServiceOnlyAdmin):
    list_display = ["title_ja", "kind", "mode", "status", "results_link"]

    @admin.display(description=gettext_lazy("結果"))
    def results_link(self, obj: Survey) -> str:
        return format_html(
            '<a href="{}">{}</a>',
            reverse("admin:surveys_survey_results", args=[obj.pk]),
            gettext_lazy("結果を見る"),
        )
