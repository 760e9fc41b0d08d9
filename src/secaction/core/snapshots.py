"""JSON-safe snapshots of model rows, for the audit log's before/after. Pure: reads attributes only."""

from __future__ import annotations

import datetime as dt
from collections.abc import Mapping
from typing import Any

from django.db import models


def json_safe(value: Any) -> Any:
    """``value`` with dates as ISO strings, rows as their keys and anything unknown as text."""
    if isinstance(value, Mapping):
        return {str(k): json_safe(v) for k, v in value.items()}
    if isinstance(value, list | tuple | set):
        return [json_safe(v) for v in value]
    if isinstance(value, dt.datetime | dt.date | dt.time):
        return value.isoformat()
    if isinstance(value, models.Model):
        return value.pk
    if value is None or isinstance(value, bool | int | float | str):
        return value
    return str(value)


def model_snapshot(instance: models.Model, fields: list[str] | None = None) -> dict[str, Any]:
    """The concrete field values of ``instance`` (foreign keys as ids), JSON-safe."""
    names = fields or [f.attname for f in instance._meta.concrete_fields]
    return {name: json_safe(getattr(instance, name)) for name in names}
