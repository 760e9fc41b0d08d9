"""The survey builder in the back office: surveys, their questions, preview, opening and closing.

Staff never edit the models here: every button is a small form or POST that calls a service of
``services.builder`` (staff check, audit, the rules for a survey in the field). The results page
(``admin:surveys_survey_results``) and the mail-outs' add page are linked, not implemented here.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from django.contrib import admin, messages
from django.core.exceptions import PermissionDenied
from django.db.models import Count, QuerySet
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect
from django.template.response import TemplateResponse
from django.urls import path, reverse
from django.utils.decorators import method_decorator
from django.utils.translation import gettext
from django.utils.translation import gettext_lazy as _
from django.views.decorators.http import require_POST

from secaction.core.admin import ServiceOnlyAdmin
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_messages, service_error_to_form

from . import services
from .admin_results import SurveyResultsAdminMixin
from .builder_forms import QuestionForm, ReopenForm, SurveyForm
from .forms import SurveyAnswersForm
from .models import Question, Survey
from .selectors import survey_questions


@admin.register(Survey)
class SurveyAdmin(SurveyResultsAdminMixin, ServiceOnlyAdmin):
    list_display = ["title_ja", "kind", "mode", "status", "version", "response_count", "closes_at"]
    list_filter = ["status", "kind", "mode"]
    search_fields = ["title_ja", "title_en"]
    change_form_template = "admin/surveys/survey/change_form.html"

    def get_queryset(self, request: HttpRequest) -> QuerySet[Survey]:
        return super().get_queryset(request).annotate(response_total=Count("responses", distinct=True))

    @admin.display(description=_("回答数"), ordering="response_total")
    def response_count(self, obj: Survey) -> int:
        return getattr(obj, "response_total", 0)

    def has_add_permission(self, request: HttpRequest) -> bool:
        return request.user.has_perm("surveys.add_survey")

    def get_urls(self) -> list[Any]:
        view = self.admin_site.admin_view
        return [
            path("<int:pk>/edit/", view(self.survey_edit_view), name="surveys_survey_edit"),
            path("<int:pk>/preview/", view(self.preview_view), name="surveys_survey_preview"),
            path("<int:pk>/open/", view(self.open_view), name="surveys_survey_open"),
            path("<int:pk>/close/", view(self.close_view), name="surveys_survey_close"),
            path("<int:pk>/reopen/", view(self.reopen_view), name="surveys_survey_reopen"),
            path("<int:pk>/questions/add/", view(self.question_add_view), name="surveys_survey_question_add"),
            path(
                "<int:pk>/questions/<int:qpk>/edit/",
                view(self.question_edit_view),
                name="surveys_survey_question_edit",
            ),
            path(
                "<int:pk>/questions/<int:qpk>/move/",
                view(self.question_move_view),
                name="surveys_survey_question_move",
            ),
            path(
                "<int:pk>/questions/<int:qpk>/hide/",
                view(self.question_hide_view),
                name="surveys_survey_question_hide",
            ),
            *super().get_urls(),
        ]

    # --- pages ------------------------------------------------------------------------------------

    def change_view(
        self, request: HttpRequest, object_id: str, form_url: str = "", extra_context: Any = None
    ) -> HttpResponse:
        # The admin's URL takes any text as the id: only digits can name a survey.
        survey = get_object_or_404(Survey, pk=object_id if object_id.isdigit() else 0)
        questions = list(survey.questions.order_by("position", "id"))
        extra = {
            "survey": survey,
            "questions": questions,
            "question_kinds": Question.Kind.choices,
            "results_url": reverse("admin:surveys_survey_results", args=[survey.pk]),
            # The mail-out composer (mailouts, a layer above) takes the survey from the query string.
            "invitation_mailout_url": reverse("admin:mailouts_mailout_add")
            + f"?kind=invitation&survey={survey.pk}",
            "reminder_mailout_url": reverse("admin:mailouts_mailout_add")
            + f"?kind=reminder&survey={survey.pk}",
            "reopen_form": ReopenForm(),
        }
        return super().change_view(request, object_id, form_url, {**(extra_context or {}), **extra})

    def _form_page(
        self, request: HttpRequest, form: Any, *, title: str, survey: Survey | None, done: Callable[[], Any]
    ) -> HttpResponse:
        """Render ``form``; on a valid POST call ``done(**cleaned_data)`` and go back to the survey."""
        if survey is not None and not self.has_change_permission(request, survey):
            raise PermissionDenied
        if request.method == "POST" and form.is_valid():
            try:
                result = done(**form.cleaned_data)
            except ServiceError as exc:
                service_error_to_form(form, exc)
            else:
                self.message_user(request, gettext("保存しました。"), messages.SUCCESS)
                target = survey or result
                return redirect("admin:surveys_survey_change", target.pk)
        context = {
            **self.admin_site.each_context(request),
            "title": title,
            "intro": "",
            "object": survey,
            "form": form,
            "opts": self.model._meta,
        }
        return TemplateResponse(request, "admin/surveys/survey/form.html", context)

    def add_view(self, request: HttpRequest, form_url: str = "", extra_context: Any = None) -> HttpResponse:
        if not self.has_add_permission(request):
            raise PermissionDenied
        form = SurveyForm(request.POST if request.method == "POST" else None)
        return self._form_page(
            request,
            form,
            title=gettext("アンケートを作成"),
            survey=None,
            done=lambda **data: services.survey_create(request.user, **data),
        )

    def survey_edit_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        form = SurveyForm(
            request.POST if request.method == "POST" else None, initial=SurveyForm.initial_of(survey)
        )
        return self._form_page(
            request,
            form,
            title=gettext("アンケートの設定を変更"),
            survey=survey,
            done=lambda **data: services.survey_update(request.user, survey, **data),
        )

    def question_add_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        form = QuestionForm(
            request.POST if request.method == "POST" else None,
            survey=survey,
            initial={"kind": request.GET.get("kind", "single")},
        )
        return self._form_page(
            request,
            form,
            title=gettext("質問を追加"),
            survey=survey,
            done=lambda **data: services.question_add(request.user, survey, **data),
        )

    def question_edit_view(self, request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
        question = get_object_or_404(Question, pk=qpk, survey_id=pk)
        form = QuestionForm(
            request.POST if request.method == "POST" else None,
            survey=question.survey,
            before=question,
            initial=QuestionForm.initial_of(question),
        )
        return self._form_page(
            request,
            form,
            title=gettext("質問を変更"),
            survey=question.survey,
            done=lambda **data: services.question_update(request.user, question, **data),
        )

    def preview_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        if not self.has_view_permission(request, survey):
            raise PermissionDenied
        context = {
            **self.admin_site.each_context(request),
            "title": gettext("回答ページのプレビュー"),
            "survey": survey,
            "form": SurveyAnswersForm(survey_questions(survey)),
            "opts": self.model._meta,
            "anonymous": survey.mode == Survey.Mode.ANONYMOUS,
        }
        return TemplateResponse(request, "admin/surveys/survey/preview.html", context)

    # --- buttons (POST only) ----------------------------------------------------------------------

    def _act(self, request: HttpRequest, pk: int, call: Callable[[], object], done: str) -> HttpResponse:
        if not self.has_change_permission(request):
            raise PermissionDenied
        try:
            call()
        except ServiceError as exc:
            for message in service_error_messages(exc):
                self.message_user(request, message, messages.ERROR)
        else:
            self.message_user(request, done, messages.SUCCESS)
        return redirect("admin:surveys_survey_change", pk)

    @method_decorator(require_POST)
    def open_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        return self._act(
            request,
            pk,
            lambda: services.survey_open(request.user, survey),
            gettext("回答の受付を始めました。"),
        )

    @method_decorator(require_POST)
    def close_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        return self._act(
            request, pk, lambda: services.survey_close(request.user, survey), gettext("締め切りました。")
        )

    @method_decorator(require_POST)
    def reopen_view(self, request: HttpRequest, pk: int) -> HttpResponse:
        survey = get_object_or_404(Survey, pk=pk)
        form = ReopenForm(request.POST)
        if not form.is_valid():
            for errors in form.errors.values():
                for message in errors:
                    self.message_user(request, str(message), messages.ERROR)
            return redirect("admin:surveys_survey_change", pk)
        closes_at = form.cleaned_data["closes_at"]
        return self._act(
            request,
            pk,
            lambda: services.survey_reopen(request.user, survey, closes_at=closes_at),
            gettext("回答の受付を再開しました。"),
        )

    @method_decorator(require_POST)
    def question_move_view(self, request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
        question = get_object_or_404(Question, pk=qpk, survey_id=pk)
        up = request.POST.get("direction") == "up"
        return self._act(
            request,
            pk,
            lambda: services.question_move(request.user, question, up=up),
            gettext("順番を変えました。"),
        )

    @method_decorator(require_POST)
    def question_hide_view(self, request: HttpRequest, pk: int, qpk: int) -> HttpResponse:
        question = get_object_or_404(Question, pk=qpk, survey_id=pk)
        return self._act(
            request,
            pk,
            lambda: services.question_remove(request.user, question),
            gettext("質問を非表示にしました。集めた回答は残ります。"),
        )
