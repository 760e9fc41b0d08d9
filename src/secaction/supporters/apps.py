from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class SupportersConfig(AppConfig):
    name = "secaction.supporters"
    label = "supporters"
    verbose_name = _("普及賛同企業等")
