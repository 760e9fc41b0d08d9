from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class InstitutionsConfig(AppConfig):
    """Institutions that verify declarations (subsidy offices, business partners): keys, uploads, webhooks."""

    default_auto_field = "django.db.models.BigAutoField"
    name = "secaction.institutions"
    verbose_name = _("検証機関(補助金事務局・取引先)")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .tasks import bulk_uploads_purge_start

        # Started by migrate, which every deploy runs; the task then re-queues itself.
        post_migrate.connect(bulk_uploads_purge_start, sender=self, dispatch_uid="bulk_uploads_purge_start")
