from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MypageConfig(AppConfig):
    """My Page: the top of the dependency graph, composing the domain apps' panels."""

    name = "secaction.mypage"
    label = "mypage"
    verbose_name = _("マイページ")
