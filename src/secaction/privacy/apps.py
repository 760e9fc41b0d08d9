from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PrivacyConfig(AppConfig):
    name = "secaction.privacy"
    label = "privacy"
    verbose_name = _("保有データの開示・削除と保存期間")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .tasks import privacy_daily_start

        post_migrate.connect(privacy_daily_start, sender=self, dispatch_uid="privacy_daily_start")
