from itertools import groupby

from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secaction.core import programme


def home(request: HttpRequest) -> HttpResponse:
    return render(request, "pages/home.html", {"p": programme})


def faq(request: HttpRequest) -> HttpResponse:
    sections = [
        (section, list(entries)) for section, entries in groupby(programme.FAQ, key=lambda e: e.section)
    ]
    return render(request, "pages/faq.html", {"sections": sections})
