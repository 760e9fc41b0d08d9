"""Migration operations that only touch the database on PostgreSQL.

The migration state is the same on every backend (so ``makemigrations`` stays
quiet), but SQLite, used for tests and small installations, skips what it
cannot do, such as a GIN trigram index.
"""

from __future__ import annotations

from typing import Any

from django.db import migrations


class AddIndexPostgres(migrations.AddIndex):
    """``AddIndex`` that is a no-op in the database unless the connection is PostgreSQL."""

    def database_forwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_forwards(app_label, schema_editor, from_state, to_state)

    def database_backwards(self, app_label: str, schema_editor: Any, from_state: Any, to_state: Any) -> None:
        if schema_editor.connection.vendor == "postgresql":
            super().database_backwards(app_label, schema_editor, from_state, to_state)
