from typing import Any

from allauth.account.decorators import secure_admin_login
from django.contrib import admin
from django.http import HttpRequest
from django.template.response import TemplateResponse
from django.utils.translation import gettext_lazy as _

from .dashboard_chart import new_declarations_chart_svg
from .selectors import dashboard_get


def admin_site_configure() -> None:
    """Brand the Django admin as the programme office's back office; log in through allauth (and TOTP).

    The index page is the dashboard (``backoffice.selectors.dashboard_get``); Django's admin_view
    wrapper around ``index`` keeps it to staff, and the MFA middleware to staff with TOTP.
    """
    admin.site.site_header = _("SECURITY ACTION 事務局")
    admin.site.site_title = _("事務局")
    admin.site.index_title = _("事務局メニュー")
    admin.site.index_template = "backoffice/admin_index.html"  # the audit log instead of LogEntry
    admin.site.login = secure_admin_login(admin.site.login)  # type: ignore[method-assign]
    plain_index = admin.site.index

    def index(request: HttpRequest, extra_context: dict[str, Any] | None = None) -> TemplateResponse:
        dashboard = dashboard_get()
        context = {
            **(extra_context or {}),
            "dashboard": dashboard,
            "dashboard_chart": new_declarations_chart_svg(dashboard.by_month),
        }
        return plain_index(request, extra_context=context)

    admin.site.index = index  # type: ignore[method-assign]
