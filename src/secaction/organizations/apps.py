from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class OrganizationsConfig(AppConfig):
    name = "secaction.organizations"
    label = "organizations"
    verbose_name = pgettext_lazy("複数形", "事業者")  # English names an app in the plural
