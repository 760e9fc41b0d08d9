from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "secaction.privacy"
    label = "privacy"
    verbose_name = _("保有データの開示・削除と保存期間")
