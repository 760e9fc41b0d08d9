from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.utils.translation import gettext_lazy as _


def admin_site_configure() -> None:
    """Brand the Django admin as the programme office's back office; log in through allauth (and TOTP)."""
    admin.site.site_header = _("SECURITY ACTION 事務局")
    admin.site.site_title = _("事務局")
    admin.site.index_title = _("事務局メニュー")
    admin.site.index_template = "backoffice/admin_index.html"  # the audit log instead of LogEntry
    admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
