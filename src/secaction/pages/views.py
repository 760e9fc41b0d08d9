from itertools import groupby

from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render

from secaction.core import programme
from secaction.core.surveys import SURVEYS, survey_get

from .presentation import survey_findings_view


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"p": programme})


def faq(request: HttpRequest) -> HttpResponse:
    sections = [
        (section, list(entries)) for section, entries in groupby(programme.FAQ, key=lambda e: e.section)
    ]
    return render(request, "pages/faq.html", {"sections": sections})


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
