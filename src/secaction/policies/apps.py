from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PoliciesConfig(AppConfig):
    name = "secaction.policies"
    label = "policies"
    verbose_name = _("基本方針・ハンドブック")
