"""Reads of the back office's own records."""

from __future__ import annotations

from typing import Any

from django.utils.translation import gettext as _

from secaction.accounts.permissions import staff_require
from secaction.core.errors import AccessDenied

from .models import DataExport


def data_export_get(actor: Any, export_id: int) -> DataExport:
    """The export ``export_id`` for the staff member who asked for it; ``AccessDenied`` for anyone else."""
    staff_require(actor)
    export = DataExport.objects.filter(pk=export_id, created_by=actor).first()
    if export is None:
        raise AccessDenied(_("このエクスポートは見られません。"))
    return export
