"""The one error type every service raises.

Contract (docs/architecture.md, "One contract in every app"):

- A service that refuses to act raises :class:`ServiceError`. Its messages are
  written for the user, in the active language, and are shown as they are.
  Keyed by field (``ServiceError({"email": [...]})``) when a field is at fault,
  so a form can put the message next to that field; otherwise a plain message.
- A refusal because of *who* is acting (not a member, not the owner, not staff)
  is :class:`AccessDenied`, a ``ServiceError`` that is also Django's
  ``PermissionDenied``: a view that does not catch it answers 403, never 500.

``ServiceError`` subclasses Django's ``ValidationError`` so that forms, the
admin and ninja's handlers, which already understand that type, keep working.
Views turn either into form errors or messages through
``secaction.core.web.service_error_to_form`` / ``service_error_to_messages``.
"""

from __future__ import annotations

from django.core.exceptions import PermissionDenied, ValidationError


class ServiceError(ValidationError):
    """A service refused: bad input, a rule of the programme, a state that does not allow it."""


class AccessDenied(ServiceError, PermissionDenied):
    """A service refused because of who is acting. Uncaught in a view, it becomes a 403."""


class WorkerLost(Exception):
    """What a task row records when the sweeper marks it FAILED: its worker died (SIGKILL, a lost
    machine) while running it. Never raised; its path is stored so django-tasks can resolve it."""
