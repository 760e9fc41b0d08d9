from django.contrib import admin

from secaction.core.admin import ReadOnlyAdmin

from .models import Assessment


@admin.register(Assessment)
class AssessmentAdmin(ReadOnlyAdmin):
    """Saved self-diagnoses, read-only: they are the declarer's record."""

    list_display = ["taken_at", "organization", "unit_name", "total", "band", "edition", "taken_by"]
    list_filter = ["band", "edition"]
    search_fields = ["organization__name", "unit_name", "taken_by__email"]
    date_hierarchy = "taken_at"
    list_select_related = ["organization", "taken_by"]
    readonly_fields = [f.name for f in Assessment._meta.fields]
