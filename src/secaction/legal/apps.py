from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class LegalConfig(AppConfig):
    name = "secaction.legal"
    label = "legal"
    verbose_name = _("個人情報の取扱い・利用規約")
