"""The declaring wizard: ★ / ★★ declaration, resubmission after a return, and the upgrade to ★★.

The draft lives in the session until the last step calls a service; the views stay thin (parse,
call a service, render). No JavaScript is needed. Every page acts for the user's organisation
(``membership_required``); a visitor who skipped a step is sent back to the first one still to do.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict
from itertools import chain
from typing import Any

from django.contrib import messages
from django.http import HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from secaction.accounts.web import signed_in_user
from secaction.core import programme
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_messages
from secaction.legal.public_fields import PUBLIC_FIELDS
from secaction.organizations.choices import EntityType
from secaction.organizations.models import Membership
from secaction.organizations.web import membership_required
from secaction.surveys.selectors import wizard_survey_get

from . import selectors, services
from .forms import GoalForm, PledgeForm, TermsForm, TwoStarForm
from .guidance import GUIDANCE
from .links import diagnosis_latest, policy_published, principle_path
from .models import Declaration, Level, PublicationMethod, Status, TermsVersion
from .rules import TwoStarInput
from .views import refuse
from .wizard_survey import WizardSurveyForm, wizard_questions, wizard_survey_submit

DRAFT_KEY = "declaration_draft"

STEP_LABELS = {
    "start": gettext_lazy("取組目標を選ぶ"),
    "principles": gettext_lazy("5か条を読んで宣言する"),
    "two_star": gettext_lazy("二つ星の取組み"),
    "terms": gettext_lazy("ロゴマーク使用規約に同意"),
    "survey": gettext_lazy("申込みのきっかけ(任意・1分)"),
    "confirm": gettext_lazy("確認して申し込む"),
}

View = Callable[..., HttpResponse]


def _posted(request: HttpRequest) -> Any:
    """The POST data when the form was sent (even empty, so missing ticks are reported), else None."""
    return request.POST if request.method == "POST" else None


def _draft(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    draft = request.session.get(DRAFT_KEY)
    if not draft or draft.get("org") != membership.organization_id:
        return None
    return dict(draft)


def _save_draft(request: HttpRequest, draft: dict[str, Any]) -> None:
    request.session[DRAFT_KEY] = draft


def _steps(draft: dict[str, Any]) -> list[str]:
    if draft.get("mode") == "upgrade":
        # The declaration agreed to the terms in force: the upgrade does not ask again.
        return ["two_star", "confirm"] if draft.get("terms_kept") else ["two_star", "terms", "confirm"]
    steps = ["start", "principles"]
    if draft.get("level") == Level.TWO_STAR:
        steps.append("two_star")
    # The optional question of the wizard survey the office attached when this application began.
    survey = ["survey"] if draft.get("survey") else []
    return [*steps, "terms", *survey, "confirm"]


def _after(draft: dict[str, Any], step: str) -> HttpResponse:
    """A redirect to the step that follows ``step`` in this draft."""
    steps = _steps(draft)
    return redirect(f"declarations:{steps[steps.index(step) + 1]}")


def _done(draft: dict[str, Any], step: str) -> bool:
    return {
        "start": bool(draft.get("level")),
        "principles": len(draft.get("pledges") or []) == 5,
        "two_star": bool(draft.get("two_star")),
        "terms": bool(draft.get("terms")),
        "survey": draft.get("survey_step") in {"answered", "skipped"},
        "confirm": False,
    }[step]


def _gate(request: HttpRequest, membership: Membership, step: str) -> dict[str, Any] | HttpResponse:
    """The draft for a wizard step, or a redirect to the first step still to do."""
    draft = _draft(request, membership)
    if draft is None:
        return redirect("declarations:start")
    steps = _steps(draft)
    if step not in steps:
        return redirect(f"declarations:{steps[0]}")
    for earlier in steps[: steps.index(step)]:
        if not _done(draft, earlier):
            return redirect(f"declarations:{earlier}")
    return draft


def _wizard_step(step: str) -> Callable[[View], View]:
    """A wizard page (GET shows, POST saves): the view receives the membership and the session draft."""

    def decorator(view: View) -> View:
        @membership_required
        @require_http_methods(["GET", "POST"])
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *, membership: Membership) -> HttpResponse:
            gate = _gate(request, membership, step)
            if isinstance(gate, HttpResponse):
                return gate
            return view(request, membership, gate)

        return wrapped

    return decorator


def _wizard(
    request: HttpRequest, template: str, step: str, draft: dict[str, Any], **context: Any
) -> HttpResponse:
    steps = _steps(draft)
    context.update(
        step=step,
        steps=[
            {"key": s, "label": STEP_LABELS[s], "current": s == step, "done": _done(draft, s)} for s in steps
        ],
        step_number=steps.index(step) + 1,
        step_count=len(steps),
        draft=draft,
        upgrading=draft.get("mode") == "upgrade",
        terms_kept=bool(draft.get("terms_kept")),
        level_label=Level(draft["level"]).label if draft.get("level") else "",
    )
    return render(request, template, context)


def _two_star_input(draft: dict[str, Any]) -> TwoStarInput | None:
    data = draft.get("two_star")
    if not data:
        return None
    return TwoStarInput(**{k: v for k, v in data.items() if k in TwoStarInput.__dataclass_fields__})


def _codes(exc: ServiceError) -> set[str | None]:
    """The codes of a refusal's messages, field-keyed or not."""
    errors = chain.from_iterable(exc.error_dict.values()) if hasattr(exc, "error_dict") else exc.error_list
    return {error.code for error in errors}


# --- the steps -------------------------------------------------------------------------------------


@membership_required
@require_http_methods(["GET", "POST"])
def start(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    org = membership.organization
    open_decl = selectors.declaration_open_for_organization(org)
    if open_decl is not None and open_decl.status != Status.RETURNED:
        return render(
            request, "declarations/already_open.html", {"declaration": open_decl, "organization": org}
        )
    draft = _draft(request, membership) or {}
    if draft.get("mode") == "upgrade":
        draft = {}
    initial_level = draft.get("level") or (open_decl.level if open_decl else None)
    form = GoalForm(_posted(request), initial={"level": initial_level})
    if request.method == "POST" and form.is_valid():
        mode = "resubmit" if open_decl is not None else "new"
        # Only a first application is asked why: a resubmission was asked the first time.
        attached = wizard_survey_get() if mode == "new" else None
        pledges = draft.get("pledges") or (open_decl.pledged_principles if open_decl else [])
        _save_draft(
            request,
            {
                "org": org.pk,
                "mode": mode,
                "decl": open_decl.pk if open_decl else None,
                "level": form.cleaned_data["level"],
                "pledges": pledges,
                "two_star": draft.get("two_star"),
                "terms": None,
                "survey": attached.pk if attached else None,
            },
        )
        return redirect("declarations:principles")
    draft.setdefault("mode", "resubmit" if open_decl else "new")
    return _wizard(
        request,
        "declarations/wizard_start.html",
        "start",
        draft,
        form=form,
        returned=open_decl,
        p=programme,
    )


@_wizard_step("principles")
def principles(request: HttpRequest, _membership_row: Membership, draft: dict[str, Any]) -> HttpResponse:
    initial = {f"p{n}": True for n in draft.get("pledges") or []}
    form = PledgeForm(_posted(request), initial=initial)
    if request.method == "POST" and form.is_valid():
        draft["pledges"] = form.pledged()
        _save_draft(request, draft)
        return _after(draft, "principles")
    items = [
        {
            "principle": pr,
            "guidance": GUIDANCE[pr.number],
            "field": form[f"p{pr.number}"],
            "guide_url": principle_path(pr.number),
        }
        for pr in programme.FIVE_PRINCIPLES
    ]
    return _wizard(
        request, "declarations/wizard_principles.html", "principles", draft, form=form, items=items
    )


@_wizard_step("two_star")
def two_star(request: HttpRequest, membership: Membership, draft: dict[str, Any]) -> HttpResponse:
    org = membership.organization
    diagnosis = diagnosis_latest(org)
    policy = policy_published(org)
    initial = dict(draft.get("two_star") or {})
    if not initial and policy and policy.public_url:
        # The page the portal hosts counts as 「その他」 publication (issue 5), not as the company's own website.
        initial = {
            "publication_method": PublicationMethod.OTHER,
            "publication_url": policy.public_url,
            "publication_note": _("SECURITY ACTION Portal の公開ページで公開しています: %(url)s")
            % {"url": policy.public_url},
        }
    form = TwoStarForm(_posted(request), initial=initial, diagnosis=diagnosis, policy=policy)
    if request.method == "POST" and form.is_valid():
        draft["two_star"] = asdict(form.two_star_input())
        _save_draft(request, draft)
        return _after(draft, "two_star")
    faq = [e for e in programme.FAQ if "二つ星" in e.question]
    return _wizard(
        request,
        "declarations/wizard_two_star.html",
        "two_star",
        draft,
        form=form,
        diagnosis=diagnosis,
        policy=policy,
        faq=faq,
        p=programme,
    )


@_wizard_step("terms")
def terms(request: HttpRequest, _membership_row: Membership, draft: dict[str, Any]) -> HttpResponse:
    current = selectors.terms_current()
    if current is None:
        return refuse(
            request,
            _("現在お申込みいただけません"),
            _("ロゴマーク使用規約が公開されていません。事務局にお問い合わせください。"),
            status=503,
        )
    form = TermsForm(_posted(request), initial={"agree": draft.get("terms") == current.pk})
    if request.method == "POST" and form.is_valid():
        draft["terms"] = current.pk
        _save_draft(request, draft)
        return _after(draft, "terms")
    return _wizard(request, "declarations/wizard_terms.html", "terms", draft, form=form, terms=current)


@_wizard_step("survey")
def survey(request: HttpRequest, _membership_row: Membership, draft: dict[str, Any]) -> HttpResponse:
    """The optional question: 「回答しないで次へ」 skips it; an attached survey closed meanwhile is skipped too."""
    attached = wizard_survey_get()
    if attached is None or attached.pk != draft.get("survey"):
        draft.update(survey_step="skipped", survey_answers={})
        _save_draft(request, draft)
        return redirect("declarations:confirm")
    form = WizardSurveyForm(
        _posted(request), initial=draft.get("survey_answers") or {}, questions=wizard_questions(attached)
    )
    if request.method == "POST" and "skip" in request.POST:
        draft.update(survey_step="skipped", survey_answers={})
        _save_draft(request, draft)
        return redirect("declarations:confirm")
    if request.method == "POST" and form.is_valid():
        draft.update(survey_step="answered", survey_answers=form.answers())
        _save_draft(request, draft)
        return redirect("declarations:confirm")
    return _wizard(request, "declarations/wizard_survey.html", "survey", draft, form=form, survey=attached)


def _confirmed(request: HttpRequest, membership: Membership, draft: dict[str, Any]) -> Declaration:
    """Call the service the draft is for; ``ServiceError`` when it refuses."""
    org = membership.organization
    terms_version = TermsVersion.objects.filter(pk=int(draft.get("terms") or 0)).first()
    two = _two_star_input(draft) if draft["level"] == Level.TWO_STAR else None
    if draft["mode"] == "upgrade":
        decl = get_object_or_404(Declaration, pk=draft.get("decl"), organization=org)
        return services.declaration_upgrade(
            declaration=decl, user=signed_in_user(request), two_star=two, terms_version=terms_version
        )
    declaring: dict[str, Any] = {
        "user": signed_in_user(request),
        "level": draft["level"],
        "pledged_principles": draft["pledges"],
        "terms_version": terms_version,
        "two_star": two,
    }
    if draft["mode"] == "resubmit":
        decl = get_object_or_404(Declaration, pk=draft.get("decl"), organization=org)
        return services.declaration_resubmit(declaration=decl, **declaring)
    return services.declaration_submit(organization=org, **declaring)


@_wizard_step("confirm")
def confirm(request: HttpRequest, membership: Membership, draft: dict[str, Any]) -> HttpResponse:
    if request.method == "POST" and not request.POST.get("public_ok"):
        # The declarer confirms what becomes public (issue 14) before any service is called.
        messages.error(request, _("公開される項目を確認し、チェックを入れてください。"))
        return redirect("declarations:confirm")
    if request.method == "POST":
        try:
            decl = _confirmed(request, membership, draft)
        except ServiceError as exc:
            service_error_to_messages(request, exc)
            codes = _codes(exc)
            if "terms_changed" in codes:
                draft.update(terms=None, terms_kept=False)
                _save_draft(request, draft)
                return redirect("declarations:terms")
            if codes & {"two_star_missing", "two_star_invalid"}:
                return redirect("declarations:two_star")
            request.session.pop(DRAFT_KEY, None)
            return redirect("mypage:index")
        request.session.pop(DRAFT_KEY, None)
        wizard_survey_submit(draft, membership.organization, decl.level)
        return redirect("declarations:done", pk=decl.pk)
    two = _two_star_input(draft) if draft["level"] == Level.TWO_STAR else None
    return _wizard(
        request,
        "declarations/wizard_confirm.html",
        "confirm",
        draft,
        organization=membership.organization,
        terms=TermsVersion.objects.filter(pk=int(draft.get("terms") or 0)).first(),
        two=two,
        publication_label=PublicationMethod(two.publication_method).label if two else "",
        principles=[pr for pr in programme.FIVE_PRINCIPLES if pr.number in draft["pledges"]],
        public_fields=[label for _name, label in PUBLIC_FIELDS],
        sole_proprietor=membership.organization.entity_type == EntityType.SOLE_PROPRIETOR,
    )


@membership_required
def upgrade(request: HttpRequest, *, membership: Membership) -> HttpResponse:
    """Start the ★★ upgrade; the terms step is left out while the declaration's agreement is current."""
    decl = selectors.declaration_open_for_organization(membership.organization)
    if decl is None or decl.status != Status.ACTIVE or decl.level != Level.ONE_STAR:
        messages.error(request, _("二つ星への変更は、有効な一つ星の宣言があるときにできます。"))
        return redirect("mypage:index")
    terms_kept = decl.terms_version_id is not None and not selectors.terms_acceptance_needed(decl)
    _save_draft(
        request,
        {
            "org": membership.organization_id,
            "mode": "upgrade",
            "decl": decl.pk,
            "level": Level.TWO_STAR,
            "pledges": decl.pledged_principles,
            "two_star": None,
            "terms": decl.terms_version_id if terms_kept else None,
            "terms_kept": terms_kept,
        },
    )
    return redirect("declarations:two_star")
