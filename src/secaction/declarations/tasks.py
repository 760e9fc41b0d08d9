"""Background work of the declarations app. Tasks take ids and stay thin."""

from __future__ import annotations

from django_tasks import task

from .services import declaration_checks_record, declaration_logo_mail_send


@task()
def declaration_logo_mail(declaration_pk: int, declaration_id: str) -> bool:
    """Send the logo-download mail that follows acceptance in reviewed mode; False when skipped."""
    return declaration_logo_mail_send(declaration_pk, declaration_id)


@task()
def declaration_checks(declaration_pk: int) -> int:
    """Run the automatic checks on a declaration issued without staff review; returns the new findings."""
    return len(declaration_checks_record(declaration_pk))
