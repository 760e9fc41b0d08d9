"""The outsider contract: every public service refuses someone who may not act.

Each app that has services keeps ``tests/<app>/outsider_cases.py`` with

- ``CASES``: a list of :class:`OutsiderCase`, one per public service that acts
  for an organisation or as staff. ``call(outsider)`` builds what the service
  needs, belonging to *another* organisation (or needing staff), and calls the
  service with ``outsider`` as the actor. The contract test expects
  ``AccessDenied`` and nothing else.
- ``EXEMPT``: ``{"<app>.<function>": "why no outsider exists"}`` for services
  open to anyone by design (registering one's own organisation, accepting an
  invitation addressed to oneself) or with no actor at all (a task's delivery
  step). The reason is read by reviewers: make it specific.

``tests/contract/test_outsider.py`` fails when a public service is in neither.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any


@dataclass(frozen=True)
class OutsiderCase:
    service: str  # "<app>.<function name>", e.g. "policies.policy_publish"
    call: Callable[[Any], object]

    def __str__(self) -> str:
        return self.service
