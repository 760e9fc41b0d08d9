from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailoutsConfig(AppConfig):
    name = "secaction.mailouts"
    label = "mailouts"
    verbose_name = _("一斉メール")
