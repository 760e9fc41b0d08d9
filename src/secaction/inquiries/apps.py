from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InquiriesConfig(AppConfig):
    name = "secaction.inquiries"
    label = "inquiries"
    verbose_name = _("お問い合わせ")
