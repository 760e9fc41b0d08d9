from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class AccountsConfig(AppConfig):
    name = "secaction.accounts"
    label = "accounts"
    # Not 「アカウント」: allauth's account app (e-mail addresses) already uses that name in the back office.
    verbose_name = _("利用者")

    def ready(self) -> None:
        from . import signals  # noqa: F401  (connects the audit receivers)
