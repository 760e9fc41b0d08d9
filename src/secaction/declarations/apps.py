from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DeclarationsConfig(AppConfig):
    name = "secaction.declarations"
    label = "declarations"
    verbose_name = _("自己宣言")
