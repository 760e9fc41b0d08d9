"""The self-diagnosis result as a PDF, rendered once per result and language, then served from the cache.

A WeasyPrint run takes 1–1.6 s. A saved ``Assessment`` never changes (only
``services.assessment_save`` creates one, nothing updates it, and the back office
shows it read-only), so its PDF can be kept. The cache key still covers everything
the PDF prints that could change or differ — the organisation's current name, the
unit, the answers and edition, the time taken, the language, and the template's
source — so a renamed organisation or a new template never gets a stale file.
"""

from __future__ import annotations

import datetime as dt
import hashlib
import json
from collections.abc import Mapping
from functools import cache
from typing import Any

from django.core.cache import cache as django_cache
from django.template import Engine
from django.utils import translation

from secaction.documents.pdf import pdf_render

from .models import Assessment
from .presentation import result_context

TEMPLATE = "diagnosis/result_pdf.html"
PDF_CACHE_SECONDS = 24 * 3600  # like the policy PDFs; a result is mostly downloaded soon after it is taken


@cache
def _template_digest() -> str:
    """A digest of the PDF template's source, so a deployment with a changed template renders anew."""
    template, _origin = Engine.get_default().find_template(TEMPLATE)
    return hashlib.sha256(template.source.encode()).hexdigest()[:16]


def _key(parts: Mapping[str, Any]) -> str:
    payload = json.dumps({**parts, "template": _template_digest()}, sort_keys=True, default=str)
    return "diagnosis:pdf:" + hashlib.sha256(payload.encode()).hexdigest()


def _pdf(
    key_parts: Mapping[str, Any], answers: Mapping[int, str], edition_id: str, extra: Mapping[str, Any]
) -> bytes:
    language = str(key_parts["language"])
    key = _key(key_parts)
    data = django_cache.get(key)
    if data is None:
        with translation.override(language):
            context = {**result_context(answers, edition_id), **extra}
        data = pdf_render(TEMPLATE, context, language=language)
        django_cache.set(key, data, PDF_CACHE_SECONDS)
    return bytes(data)


def assessment_pdf(assessment: Assessment, *, language: str) -> bytes:
    """The PDF of a saved result in ``language``; rendered on the first request, then cached.

    The caller has checked that the user may see ``assessment``.
    """
    answers = assessment.answers_by_number()
    key_parts = {
        "assessment": assessment.pk,
        "edition": assessment.edition,
        "answers": sorted(answers.items()),
        "organization": assessment.organization.name,
        "unit": assessment.unit_name,
        "taken_at": assessment.taken_at.isoformat(),
        "language": language,
    }
    extra = {
        "assessment": assessment,
        "organization": assessment.organization,
        "taken_at": assessment.taken_at,
    }
    return _pdf(key_parts, answers, assessment.edition, extra)


def result_pdf(answers: Mapping[int, str], edition_id: str, *, taken_at: dt.datetime, language: str) -> bytes:
    """The PDF of an unsaved (session) result: the same answers at the same time give the same file."""
    key_parts = {
        "edition": edition_id,
        "answers": sorted(answers.items()),
        "taken_at": taken_at.isoformat(),
        "language": language,
    }
    return _pdf(key_parts, answers, edition_id, {"taken_at": taken_at})
