from django.apps import AppConfig
from django.utils.translation import pgettext_lazy


class PagesConfig(AppConfig):
    name = "secaction.pages"
    label = "pages"
    verbose_name = pgettext_lazy("アプリ名", "公開ページ")  # the site's pages; plain 公開ページ is one page
