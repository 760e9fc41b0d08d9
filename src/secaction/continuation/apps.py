from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ContinuationConfig(AppConfig):
    name = "secaction.continuation"
    label = "continuation"
    verbose_name = _("宣言の継続確認")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from secaction.mailouts import links
        from secaction.mailouts.models import Mailout

        from .tasks import continuation_reminders_start
        from .texts import LINKS

        # mailouts may not import this app: it renders {confirm_url} / {level_text} of continuation
        # mail-outs with the builder registered here (explicitly, as backoffice sets its counter).
        links.register(Mailout.Kind.CONTINUATION, LINKS)
        post_migrate.connect(
            continuation_reminders_start, sender=self, dispatch_uid="continuation_reminders_start"
        )
