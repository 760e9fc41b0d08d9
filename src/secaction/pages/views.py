from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from secaction.core import programme, programme_details
from secaction.core.surveys import SURVEYS, survey_get
from secaction.declarations.models import ReviewMode
from secaction.declarations.selectors import programme_settings_get, terms_current

from .presentation import survey_findings_view
from .procedure import faq_answers, logo_steps


def home(request: HttpRequest) -> HttpResponse:
    mode = programme_settings_get().review_mode
    return render(
        request,
        "pages/home.html",
        {
            "p": programme,
            "d": programme_details,
            "steps": logo_steps(mode),
            "immediate": mode == ReviewMode.IMMEDIATE,
        },
    )


def programme_page(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/programme.html", {"p": programme, "d": programme_details})


def faq(request: HttpRequest) -> HttpResponse:
    answers = faq_answers(programme.FAQ, programme_settings_get().review_mode)
    sections = [(section, list(items)) for section, items in groupby(answers, key=lambda a: a.entry.section)]
    return render(request, "pages/faq.html", {"sections": sections, "terms": terms_current()})


def survey_latest(request: HttpRequest) -> HttpResponse:
    return redirect("pages:survey", slug=SURVEYS[0].slug)


def survey(request: HttpRequest, slug: str) -> HttpResponse:
    found = survey_get(slug)
    if found is None:
        raise Http404
    return render(
        request,
        "pages/survey.html",
        {"survey": found, "findings": survey_findings_view(found.findings)},
    )
