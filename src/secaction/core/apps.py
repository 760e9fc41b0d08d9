from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "secaction.core"
    label = "core"
    verbose_name = _("基盤(監査ログ・メール)")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from . import checks  # noqa: F401  (registers the system checks)
        from .tasks import task_results_prune_start

        # Started by migrate, which every deploy runs; the task then re-queues itself daily.
        post_migrate.connect(task_results_prune_start, sender=self, dispatch_uid="task_results_prune_start")
        # The database cache (production's default without Redis) needs its table; migrate is
        # the one step every deploy runs, so it creates it (a no-op for other caches).
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="cache_table_create")


def cache_table_create(using: str = "default", **kwargs: object) -> None:
    """Create the database cache's table when a ``DatabaseCache`` is configured and it is missing."""
    from django.core.management import call_command

    call_command("createcachetable", database=using, verbosity=0)
