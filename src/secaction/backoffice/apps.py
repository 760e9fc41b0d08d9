from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class BackofficeConfig(AppConfig):
    name = "secaction.backoffice"
    label = "backoffice"
    verbose_name = _("事務局")

    def ready(self) -> None:
        from django.db.models.signals import post_migrate

        from secaction.declarations.selectors import declarations_made_count
        from secaction.surveys.admin_results import SurveyResultsAdminMixin

        from .admin_exports import export_actions_attach
        from .tasks import data_exports_purge_start

        # django.contrib.admin comes first in INSTALLED_APPS, so every app's admin is registered by now.
        export_actions_attach()
        # A wizard survey's rate counts declarations, which the surveys app (below declarations) cannot read.
        SurveyResultsAdminMixin.declarations_counter = declarations_made_count
        post_migrate.connect(data_exports_purge_start, sender=self, dispatch_uid="data_exports_purge_start")
