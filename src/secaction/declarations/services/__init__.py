"""Writes of the declarations app, split by responsibility; import them from here.

- ``lifecycle``: declaring, resubmitting, upgrade / downgrade, withdrawal, staff cancellation, downloads.
- ``review``: staff review in reviewed mode, the logo mail after acceptance, the automatic checks
  recorded after an immediate issue (``ReviewFinding``) and the programme settings.
- ``continuation``: the declarer's "内容に変更はありません" confirmation and the staff's reversible suspension.
- ``terms``: logo-mark terms versions and a declarer's agreement to them.

Every public service checks who is acting (``organizations.permissions``) and raises
``secaction.core.errors.ServiceError`` / ``AccessDenied`` (docs/architecture.md).
"""

from .continuation import declaration_confirm_unchanged, declaration_suspend, declaration_unsuspend
from .lifecycle import (
    declaration_cancel,
    declaration_downgrade,
    declaration_resubmit,
    declaration_submit,
    declaration_upgrade,
    declaration_withdraw,
    logo_download_record,
)
from .review import (
    declaration_accept,
    declaration_checks_record,
    declaration_logo_mail_send,
    declaration_return,
    programme_settings_update,
    review_finding_resolve,
)
from .terms import declaration_terms_accept, terms_create, terms_publish

__all__ = [
    "declaration_accept",
    "declaration_cancel",
    "declaration_checks_record",
    "declaration_confirm_unchanged",
    "declaration_downgrade",
    "declaration_logo_mail_send",
    "declaration_resubmit",
    "declaration_return",
    "declaration_submit",
    "declaration_suspend",
    "declaration_terms_accept",
    "declaration_unsuspend",
    "declaration_upgrade",
    "declaration_withdraw",
    "logo_download_record",
    "programme_settings_update",
    "review_finding_resolve",
    "terms_create",
    "terms_publish",
]
