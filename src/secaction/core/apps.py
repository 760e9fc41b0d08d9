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
        # the one step every deploy runs, so it creates it.
        post_migrate.connect(cache_table_create, sender=self, dispatch_uid="cache_table_create")


def cache_table_create(using: str = "default", **kwargs: object) -> None:
    """Create the database cache's table (``settings.CACHE_TABLE``) if it is missing.

    Named explicitly rather than read from ``CACHES``: a database migrated with
    ``DEBUG=1`` (per-process cache) must still work when the site starts with
    ``DEBUG`` off, which selects the database cache. A configured database cache
    under another name is created too.
    """
    from django.conf import settings
    from django.core.management import call_command

    call_command("createcachetable", settings.CACHE_TABLE, database=using, verbosity=0)
    call_command("createcachetable", database=using, verbosity=0)
