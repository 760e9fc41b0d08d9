from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MailoutsConfig(AppConfig):
    name = "secaction.mailouts"
    label = "mailouts"
    verbose_name = _("一斉メール")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from .tasks_sweep import mailouts_sweep_start

        # Started by migrate, which every deploy runs; the sweeper then re-queues itself.
        post_migrate.connect(mailouts_sweep_start, sender=self, dispatch_uid="mailouts_sweep_start")
