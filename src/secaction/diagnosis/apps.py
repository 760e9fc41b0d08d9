from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DiagnosisConfig(AppConfig):
    name = "secaction.diagnosis"
    label = "diagnosis"
    verbose_name = _("自社診断")
