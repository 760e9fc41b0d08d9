"""Back office of the privacy app: the people's requests (stop a deletion, answer a correction) and the
retention runs (read only). Every decision is a service call that checks ``staff_require`` and audits."""

from __future__ import annotations

from typing import Any

from django.contrib import admin
from django.urls import reverse
from django.utils.html import format_html
from django.utils.translation import gettext_lazy

from secaction.core.admin import ReadOnlyAdmin, StaffDecision, StaffDecisionAdmin

from . import services
from .forms import AnswerForm, StopForm
from .models import DataRequest, RetentionRun

_STOP = StaffDecision(
    slug="stop",
    button=gettext_lazy("削除を中止する"),
    form_class=StopForm,
    service=services.deletion_stop,
    title=gettext_lazy("アカウント削除の予定を中止する"),
    intro=gettext_lazy("予定日に行われる匿名化を中止します。理由は本人にメールで届きます。"),
    done=gettext_lazy("削除の予定を中止し、本人にメールで知らせました。"),
)
_ANSWER = StaffDecision(
    slug="answer",
    button=gettext_lazy("対応済みにする"),
    form_class=AnswerForm,
    service=services.correction_answer,
    title=gettext_lazy("訂正の依頼を対応済みにする"),
    intro=gettext_lazy("訂正そのものは、その情報の画面で行ってください。ここには行った対応を記録します。"),
    done=gettext_lazy("訂正の依頼を対応済みにしました。"),
)


@admin.register(DataRequest)
class DataRequestAdmin(StaffDecisionAdmin):
    decisions = (_STOP, _ANSWER)
    list_display = ["requested_at", "kind", "user", "organization_id", "status", "due_at", "staff_actions"]
    list_filter = ["kind", "status"]
    search_fields = ["user__email", "body", "note"]
    list_select_related = ["user"]
    readonly_fields = ["staff_actions"]

    @admin.display(description=gettext_lazy("事務局の操作"))
    def staff_actions(self, obj: Any) -> str:
        if obj.pk and obj.status == DataRequest.Status.SCHEDULED:
            decision = _STOP
        elif obj.pk and obj.status == DataRequest.Status.PENDING:
            decision = _ANSWER
        else:
            return "—"
        url = reverse(f"admin:{self._decision_url_name(decision)}", args=[obj.pk])
        return format_html('<a class="button" href="{}">{}</a>', url, decision.button)


@admin.register(RetentionRun)
class RetentionRunAdmin(ReadOnlyAdmin):
    list_display = ["ran_at", "dry_run", "results"]
    list_filter = ["dry_run"]
