from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "secaction.core"
    label = "core"
    verbose_name = _("基盤(監査ログ・メール)")
