from django.apps import AppConfig
from django.db.models.signals import post_save
from django.utils.translation import gettext_lazy as _


class RegistryConfig(AppConfig):
    name = "secaction.registry"
    label = "registry"
    verbose_name = _("宣言事業者の検索・確認")

    def ready(self) -> None:
        from secaction.declarations.models import Declaration
        from secaction.organizations.models import Organization

        from .services import _on_declaration_saved, _on_organization_saved

        # The read model follows every save of its sources (bulk writers call the services directly).
        post_save.connect(
            _on_declaration_saved, sender=Declaration, dispatch_uid="registry_declaration_saved"
        )
        post_save.connect(_on_organization_saved, sender=Organization, dispatch_uid="registry_org_saved")
