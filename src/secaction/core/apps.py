from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "secaction.core"
    label = "core"
    verbose_name = _("基盤(監査ログ・メール)")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .tasks import task_results_prune_start

        # Started by migrate, which every deploy runs; the task then re-queues itself daily.
        post_migrate.connect(task_results_prune_start, sender=self, dispatch_uid="task_results_prune_start")
