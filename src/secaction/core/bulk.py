"""Inserting many rows at once: COPY on PostgreSQL, ``bulk_create`` elsewhere.

A mail-out's recipients and a survey's invitations are built 300,000 at a time (docs/mail-outs.md);
COPY is about ten times faster than INSERT there. Only the columns given are written, so the caller
supplies every value a database default would not (``auto_now_add`` fields included).
"""

from __future__ import annotations

from collections.abc import Sequence

from django.db import connection, models


def rows_insert(
    model: type[models.Model],
    columns: Sequence[str],
    rows: Sequence[Sequence[object]],
    *,
    ignore_conflicts: bool = False,
) -> int:
    """Insert ``rows`` (tuples in the order of ``columns``, database column names) into ``model``'s table.

    Returns how many rows were inserted. With ``ignore_conflicts`` a row that would break a unique
    constraint is skipped instead of failing the whole insert (on PostgreSQL the rows are copied to a
    temporary table first and moved with ``INSERT … ON CONFLICT DO NOTHING``). Runs in the caller's
    transaction.
    """
    if not rows:
        return 0
    if connection.vendor != "postgresql":
        table_before = model._default_manager.count() if ignore_conflicts else 0
        model._default_manager.bulk_create(
            [model(**_attnames(model, columns, row)) for row in rows], ignore_conflicts=ignore_conflicts
        )
        return model._default_manager.count() - table_before if ignore_conflicts else len(rows)
    quote = connection.ops.quote_name
    table = quote(model._meta.db_table)
    names = ", ".join(quote(c) for c in columns)
    # COPY goes through psycopg's own cursor: wrap_database_errors turns its errors into Django's
    # (IntegrityError …), as for every other query.
    with connection.cursor() as cursor, connection.wrap_database_errors:
        if not ignore_conflicts:
            with cursor.cursor.copy(f"COPY {table} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
                for row in rows:
                    copy.write_row(row)
            return len(rows)
        stage = quote(f"bulk_stage_{model._meta.db_table}")
        cursor.execute(f"DROP TABLE IF EXISTS {stage}")
        cursor.execute(f"CREATE TEMPORARY TABLE {stage} AS SELECT {names} FROM {table} WITH NO DATA")  # noqa: S608
        with cursor.cursor.copy(f"COPY {stage} ({names}) FROM STDIN") as copy:  # type: ignore[attr-defined]
            for row in rows:
                copy.write_row(row)
        cursor.execute(
            f"INSERT INTO {table} ({names}) SELECT {names} FROM {stage} ON CONFLICT DO NOTHING"  # noqa: S608
        )
        inserted = cursor.rowcount
        cursor.execute(f"DROP TABLE {stage}")
    return inserted


def _attnames(model: type[models.Model], columns: Sequence[str], row: Sequence[object]) -> dict[str, object]:
    by_column = {f.column: f.attname for f in model._meta.concrete_fields}
    return {by_column[c]: value for c, value in zip(columns, row, strict=True)}
