"""Public pages of the surveys: answering from a personal link (no log-in).

The view is thin: the link is looked up with ``selectors.invitation_for_token``, answers are saved and
submitted by ``services.invitation_draft_save`` / ``invitation_answer_submit``, which re-check the
state (answered, closed) inside their own transaction.
"""

from __future__ import annotations

from django.conf import settings
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect
from django.template.response import TemplateResponse
from django.urls import reverse
from django.utils import translation
from django.views.decorators.cache import never_cache

from secaction.core.errors import ServiceError

from .forms import SurveyAnswersForm, localized
from .models import Invitation, Survey
from .selectors import invitation_for_token, survey_accepts_answers, survey_questions
from .services import invitation_answer_submit, invitation_draft_save


@never_cache
def respond(request: HttpRequest, token: str) -> HttpResponse:
    invitation = invitation_for_token(token)
    if invitation is None:
        return TemplateResponse(request, "surveys/unknown_link.html", status=404)
    if settings.LANGUAGE_COOKIE_NAME not in request.COOKIES and invitation.language in dict(
        settings.LANGUAGES
    ):
        # The invitation's language until the visitor chooses another with the language switch.
        translation.activate(invitation.language)
        request.LANGUAGE_CODE = invitation.language
    survey = invitation.survey
    context = {
        "survey": survey,
        "token": token,
        "title": localized(survey, "title"),
        "intro": localized(survey, "intro"),
        "anonymous": survey.mode == Survey.Mode.ANONYMOUS,
    }
    if invitation.status == Invitation.Status.ANSWERED:
        if request.GET.get("done"):
            return TemplateResponse(request, "surveys/thanks.html", context)
        return TemplateResponse(request, "surveys/respond.html", {**context, "state": "answered"})
    if not survey_accepts_answers(survey):
        return TemplateResponse(request, "surveys/respond.html", {**context, "state": "closed"})
    questions = survey_questions(survey)
    if request.method == "POST":
        form = SurveyAnswersForm(questions, data=request.POST)
        try:
            if request.POST.get("action") == "save":
                invitation_draft_save(token, request.POST)
                return redirect(reverse("surveys:respond", args=[token]) + "?saved=1")
            invitation_answer_submit(token, request.POST)
        except ServiceError as exc:
            form.add_service_error(exc)
        else:
            return redirect(reverse("surveys:respond", args=[token]) + "?done=1")
    else:
        form = SurveyAnswersForm(questions, initial=invitation.draft or {})
    context.update(form=form, state="open", saved=bool(request.GET.get("saved")))
    return TemplateResponse(request, "surveys/respond.html", context)
