"""The database cache with an atomic ``incr``, for rate-limit counters shared by every web process.

Django's ``DatabaseCache.incr`` reads the value and writes it back: two processes
incrementing the same counter at once both write the same number, and a burst
spread over four gunicorn workers got 1.7 times the API limit through (measured,
docs/security.md). Here the row is locked (``SELECT … FOR UPDATE`` on
PostgreSQL; SQLite takes its write lock for the whole transaction) between read
and write, so every increment counts. Everything else is Django's DatabaseCache.
"""

from __future__ import annotations

import base64
import pickle
from typing import Any

from django.core.cache.backends.db import DatabaseCache
from django.db import connections, models, router, transaction
from django.utils.timezone import now as tz_now


class CountingDatabaseCache(DatabaseCache):
    """``DatabaseCache`` whose ``incr``/``decr`` are atomic across processes."""

    def incr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        """Add ``delta`` to a stored number under a row lock; ``ValueError`` when the key is missing or expired."""
        cache_key = self.make_and_validate_key(key, version=version)
        db = router.db_for_write(self.cache_model_class)
        connection = connections[db]
        quote_name = connection.ops.quote_name
        table = quote_name(self._table)  # type: ignore[attr-defined]  # set by BaseDatabaseCache, not in the stubs
        lock = " FOR UPDATE" if connection.features.has_select_for_update else ""
        expression = models.Expression(output_field=models.DateTimeField())
        converters = connection.ops.get_db_converters(expression) + expression.get_db_converters(connection)
        # Only quoted identifiers (the configured table, fixed column names) are formatted into the
        # SQL; values are parameters. The pickles were written by this cache, as in Django's.
        key_col, value_col, expires_col = quote_name("cache_key"), quote_name("value"), quote_name("expires")
        select = f"SELECT {value_col}, {expires_col} FROM {table} WHERE {key_col} = %s{lock}"  # noqa: S608
        update = f"UPDATE {table} SET {value_col} = %s WHERE {key_col} = %s"  # noqa: S608
        with transaction.atomic(using=db), connection.cursor() as cursor:
            cursor.execute(select, [cache_key])
            row = cursor.fetchone()
            if row is None:
                raise ValueError(f"Key '{key}' not found")
            value, expires = row
            for converter in converters:
                expires = converter(expires, expression, connection)
            if expires < tz_now():
                raise ValueError(f"Key '{key}' not found")
            new_value = pickle.loads(base64.b64decode(connection.ops.process_clob(value).encode())) + delta  # noqa: S301
            encoded = base64.b64encode(pickle.dumps(new_value, self.pickle_protocol)).decode("latin1")
            cursor.execute(update, [encoded, cache_key])
        return new_value

    def decr(self, key: Any, delta: int = 1, version: int | None = None) -> Any:
        return self.incr(key, -delta, version)
