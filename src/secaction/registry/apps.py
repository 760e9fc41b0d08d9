from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "secaction.registry"
    label = "registry"
    verbose_name = _("宣言事業者の検索・確認")
