from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    """Institutions that verify declarations (subsidy offices, business partners): keys, uploads, webhooks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "secaction.institutions"
    verbose_name = _("検証機関(補助金事務局・取引先)")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from secaction.registry.signals import registry_changes_recorded

        from .signals_webhooks import registry_changes_recorded_receiver, webhook_sweep_start
        from .tasks import bulk_uploads_purge_start

        registry_changes_recorded.connect(registry_changes_recorded_receiver, dispatch_uid="webhook_fan_out")
        # Started by migrate, which every deploy runs; the tasks then re-queue themselves.
        post_migrate.connect(webhook_sweep_start, sender=self, dispatch_uid="webhook_sweep_start")
        post_migrate.connect(bulk_uploads_purge_start, sender=self, dispatch_uid="bulk_uploads_purge_start")
