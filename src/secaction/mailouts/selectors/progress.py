"""STAND-IN for helper A's progress selector; the integrator takes A's version.

Only so that this branch imports; this branch's tests monkeypatch these names.
"""

from __future__ import annotations

from typing import Any

from ..models import Mailout


def mailout_progress_get(mailout: Mailout) -> Any:
    raise NotImplementedError("helper A's engine (stand-in)")


def mailout_progress_json(progress: Any) -> dict[str, Any]:
    raise NotImplementedError("helper A's engine (stand-in)")
