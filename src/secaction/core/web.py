"""How views show a service's refusal: one way, in every app.

Views catch :class:`secaction.core.errors.ServiceError` (or Django's
``ValidationError``, its base) around a service call and hand it to one of
these helpers; they never build their own message lists from an exception.
"""

from __future__ import annotations

from django import forms
from django.contrib import messages
from django.core.exceptions import NON_FIELD_ERRORS, ValidationError
from django.http import HttpRequest


def service_error_messages(exc: ValidationError) -> list[str]:
    """The user-facing messages of a refusal, field-keyed or not, in order."""
    return [str(message) for message in exc.messages]


def service_error_to_form(form: forms.BaseForm, exc: ValidationError) -> None:
    """Put a refusal on the form: field-keyed messages next to their field when the form has it,
    everything else at the top of the form."""
    if hasattr(exc, "error_dict"):
        for field, errors in exc.error_dict.items():
            target = field if field in form.fields else None
            for error in errors:
                form.add_error(target, error)
    else:
        form.add_error(None, exc)


def service_error_to_messages(request: HttpRequest, exc: ValidationError) -> None:
    """Show a refusal as error messages on the next page rendered."""
    for message in service_error_messages(exc):
        messages.error(request, message)


__all__ = ["NON_FIELD_ERRORS", "service_error_messages", "service_error_to_form", "service_error_to_messages"]
