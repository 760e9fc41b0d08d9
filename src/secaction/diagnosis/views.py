"""Pages of the self-diagnosis. Thin: parse, call scoring/services/selectors, render."""

from __future__ import annotations

from typing import Any

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils import timezone, translation
from django.utils.dateparse import parse_datetime
from django.utils.translation import gettext as _
from django.views.decorators.http import require_http_methods

from secaction.accounts.models import User
from secaction.accounts.web import signed_in_user
from secaction.documents.responses import PDF_CONTENT_TYPE, document_response
from secaction.organizations.models import Membership, Organization
from secaction.organizations.selectors import organization_for_user
from secaction.organizations.web import membership_required

from . import outputs, selectors
from .bank import CURRENT_EDITION, edition, editions
from .guide import principle_guide, principle_guides
from .models import Assessment
from .presentation import history_chart, result_context
from .scoring import answers_compare, answers_validate
from .services import assessment_save
from .validation import unit_name_clean

SESSION_KEY = "diagnosis_pending"


def _answers_from_post(request: HttpRequest) -> dict[str, str]:
    ed = edition(CURRENT_EDITION)
    return {str(item.number): request.POST.get(f"q{item.number}", "") for item in ed.items}


def _pending(request: HttpRequest) -> dict[str, Any] | None:
    """The anonymous taker's last result kept in the session, if it is still valid."""
    pending = request.session.get(SESSION_KEY)
    if not isinstance(pending, dict) or pending.get("edition") not in editions():
        return None
    if not isinstance(pending.get("answers"), dict):
        return None
    clean, problems = answers_validate(pending["answers"], pending["edition"])
    if problems:
        return None
    return {**pending, "answers": clean}


def _questionnaire(chosen: dict[str, str], problems: list[Any]) -> list[dict[str, Any]]:
    """The parts and items with each item's chosen answer and error message, for the form."""
    errors = {p.key: p.message for p in problems}
    return [
        {
            "number": part.number,
            "title": part.title_display,
            "first": part.items[0].number,
            "last": part.items[-1].number,
            "note": part.programme_note,
            "questions": [
                {
                    "item": item,
                    "selected": chosen.get(str(item.number), ""),
                    "error": errors.get(str(item.number), ""),
                }
                for item in part.items
            ],
        }
        for part in edition(CURRENT_EDITION).parts
    ]


@require_http_methods(["GET", "POST"])
def take(request: HttpRequest) -> HttpResponse:
    """The questionnaire. Signed-in members save straight away; anyone else keeps the result in the session."""
    ed = edition(CURRENT_EDITION)
    org = organization_for_user(request.user)  # anyone may take it; only members save at once
    chosen: dict[str, str] = {}
    problems: list[Any] = []
    unit_name = request.GET.get("unit", "")
    if request.method == "POST":
        raw = _answers_from_post(request)
        chosen = {k: v for k, v in raw.items() if v}
        clean, problems = answers_validate(chosen, CURRENT_EDITION)
        unit_name = unit_name_clean(request.POST.get("unit_name", ""))
        if not problems:
            if org is not None and isinstance(request.user, User):  # a member: saved at once
                assessment = assessment_save(
                    organization=org, user=request.user, answers=clean, unit_name=unit_name
                )
                messages.success(request, _("診断結果を保存しました。"))
                return redirect("diagnosis:assessment", pk=assessment.pk)
            request.session[SESSION_KEY] = {
                "edition": CURRENT_EDITION,
                "answers": {str(k): v for k, v in clean.items()},
                "taken_at": timezone.now().isoformat(),
            }
            return redirect("diagnosis:result")
    return render(
        request,
        "diagnosis/take.html",
        {
            "edition": ed,
            "chosen": chosen,
            "problems": problems,
            "parts": _questionnaire(chosen, problems),
            "organization": org,
            "unit_name": unit_name,
        },
        status=400 if problems else 200,
    )


def result(request: HttpRequest) -> HttpResponse:
    """The result of the diagnosis just taken (kept in the session until saved)."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("診断結果が見つかりません。もう一度診断してください。"))
        return redirect("diagnosis:take")
    context = result_context(pending["answers"], pending["edition"])
    context["pending"] = pending
    context["taken_at"] = parse_datetime(pending.get("taken_at") or "") or timezone.now()
    return render(request, "diagnosis/result.html", context)


def result_pdf(request: HttpRequest) -> HttpResponse:
    pending = _pending(request)
    if pending is None:
        return redirect("diagnosis:take")
    taken_at = parse_datetime(pending.get("taken_at") or "") or timezone.now()
    data = outputs.result_pdf(
        pending["answers"], pending["edition"], taken_at=taken_at, language=translation.get_language()
    )
    return _pdf_response(data, "self-diagnosis.pdf")


def _pdf_response(data: bytes, filename: str) -> HttpResponse:
    return document_response(data, content_type=PDF_CONTENT_TYPE, filename=filename)


@login_required
@require_http_methods(["GET", "POST"])
def save(request: HttpRequest) -> HttpResponse:
    """Save the session's result to one of the user's organisations (after signing in)."""
    pending = _pending(request)
    if pending is None:
        messages.info(request, _("保存する診断結果がありません。診断をしてから保存してください。"))
        return redirect("diagnosis:take")
    org = organization_for_user(signed_in_user(request))
    if request.method == "POST" and org is not None:
        if request.POST.get("organization", str(org.pk)) != str(org.pk):
            # The page offered another organisation (the user's changed since): never save elsewhere.
            raise PermissionDenied
        taken_at = parse_datetime(pending.get("taken_at") or "")
        assessment = assessment_save(
            organization=org,
            user=signed_in_user(request),
            answers=pending["answers"],
            unit_name=request.POST.get("unit_name", ""),
            edition_id=pending["edition"],
            taken_at=taken_at if taken_at and taken_at <= timezone.now() else None,
        )
        del request.session[SESSION_KEY]
        messages.success(request, _("診断結果を保存しました。"))
        return redirect("diagnosis:assessment", pk=assessment.pk)
    context = result_context(pending["answers"], pending["edition"])
    context.update({"organization": org})
    return render(request, "diagnosis/save.html", context)


def _own_organization(request: HttpRequest, membership: Membership) -> Organization:
    """The member's organisation; 404 when ``?org=`` names another one (links carry it)."""
    named = request.GET.get("org")
    if named not in (None, "") and named != str(membership.organization_id):
        raise Http404  # do not reveal whether another organisation has results
    return membership.organization


@membership_required
def history(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    org = _own_organization(request, membership)
    assessments = list(selectors.assessments_for_organization(org))
    return render(
        request,
        "diagnosis/history.html",
        {
            "organization": org,
            "assessments": assessments,
            "chart": history_chart(assessments) if assessments else "",
            "units": sorted({a.unit_name for a in assessments}),
        },
    )


def _assessment_for(membership: Membership, pk: int) -> Assessment:
    assessment = selectors.assessment_get(membership.organization, pk)
    if assessment is None:
        raise Http404  # also another organisation's: do not reveal that it exists
    return assessment


@membership_required
def assessment_detail(request: HttpRequest, pk: int, *, membership: Membership) -> HttpResponse:
    assessment = _assessment_for(membership, pk)
    context = result_context(assessment.answers_by_number(), assessment.edition)
    previous = selectors.assessment_previous(assessment)
    comparison = None
    if previous is not None and previous.edition == assessment.edition:
        comparison = answers_compare(
            previous.answers_by_number(), assessment.answers_by_number(), assessment.edition
        )
    context.update(
        {
            "assessment": assessment,
            "organization": assessment.organization,
            "previous": previous,
            "comparison": comparison,
            "taken_at": assessment.taken_at,
        }
    )
    return render(request, "diagnosis/assessment.html", context)


@membership_required
def assessment_pdf(request: HttpRequest, pk: int, *, membership: Membership) -> HttpResponse:
    assessment = _assessment_for(membership, pk)
    data = outputs.assessment_pdf(assessment, language=translation.get_language())
    return _pdf_response(data, f"self-diagnosis-{assessment.taken_at:%Y%m%d}-{assessment.pk}.pdf")


@membership_required
def combined(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    org = _own_organization(request, membership)
    result = selectors.assessment_combined(org)
    context: dict[str, Any] = {"organization": org, "combined": result}
    if result is not None:
        context.update(result_context(result.answers, result.edition))
        ed = edition(result.edition)
        context["unit_columns"] = result.units
        context["unit_rows"] = [
            {
                "item": item,
                "combined": ed.answer(result.answers[item.number]),
                "units": [ed.answer(u.answers_by_number()[item.number]) for u in result.units],
            }
            for item in ed.items
        ]
    return render(request, "diagnosis/combined.html", context)


def principles(request: HttpRequest) -> HttpResponse:
    return render(request, "diagnosis/principles_index.html", {"guides": principle_guides()})


def principle(request: HttpRequest, number: int) -> HttpResponse:
    guide = principle_guide(number)
    if guide is None:
        raise Http404
    return render(
        request,
        "diagnosis/principle.html",
        {
            "guide": guide,
            "previous": principle_guide(number - 1),
            "next": principle_guide(number + 1),
        },
    )


def principles_checklist(request: HttpRequest) -> HttpResponse:
    return render(request, "diagnosis/principles_checklist.html", {"guides": principle_guides()})
