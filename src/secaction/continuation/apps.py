from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuationConfig(AppConfig):
    name = "secaction.continuation"
    label = "continuation"
    verbose_name = _("宣言の継続確認")
