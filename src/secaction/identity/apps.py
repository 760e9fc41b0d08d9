from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class IdentityConfig(AppConfig):
    """Who a declarer is: GビズID sign-in, verified 法人番号, and the taking-over of imported declarations."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "secaction.identity"
    verbose_name = _("本人確認・引き継ぎ")
