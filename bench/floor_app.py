"""The fastest possible answer under gunicorn: a bare WSGI callable, no Django, no database.

What gunicorn, the kernel and the load generator cost on this machine by themselves
(the latency floor any endpoint of the portal stands on). See docs/performance.md:

    cd bench && gunicorn floor_app:application -k gthread -w 2 --threads 8 -b 127.0.0.1:8024 --keep-alive 30
    wrk -t1 -c16 -d10s --latency http://127.0.0.1:8024/
"""

from __future__ import annotations

from collections.abc import Callable, Iterable

_BODY = b'{"ok": true}'


def application(environ: dict[str, object], start_response: Callable[..., object]) -> Iterable[bytes]:
    start_response("200 OK", [("Content-Type", "application/json"), ("Content-Length", str(len(_BODY)))])
    return [_BODY]
