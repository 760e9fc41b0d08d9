"""Declarer-facing pages: the declaring wizard, upgrade/downgrade/withdraw, logo marks and certificate.

Views stay thin: they check who is asking, keep the wizard's draft in the
session, and call the services. No JavaScript is needed.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from dataclasses import asdict
from typing import Any

from django.conf import settings
from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.core.exceptions import PermissionDenied
from django.http import Http404, HttpRequest, HttpResponse
from django.shortcuts import get_object_or_404, redirect, render
from django.urls import reverse
from django.utils.http import url_has_allowed_host_and_scheme
from django.utils.translation import gettext as _
from django.utils.translation import gettext_lazy
from django.views.decorators.http import require_http_methods

from secaction.core import programme
from secaction.documents.responses import PDF_CONTENT_TYPE, document_response
from secaction.organizations.models import Membership

from . import logos, selectors, services
from .forms import GoalForm, PledgeForm, ReasonForm, TermsForm, TwoStarForm
from .guidance import GUIDANCE
from .links import diagnosis_latest, policy_published, principle_path, verify_path
from .models import Declaration, Level, ProgrammeSettings, PublicationMethod, Status, TermsVersion
from .rules import TwoStarInput

DRAFT_KEY = "declaration_draft"

STEP_LABELS = {
    "start": gettext_lazy("取組目標を選ぶ"),
    "principles": gettext_lazy("5か条を読んで宣言する"),
    "two_star": gettext_lazy("二つ星の取組み"),
    "terms": gettext_lazy("ロゴマーク使用規約に同意"),
    "confirm": gettext_lazy("確認して申し込む"),
}


# --- helpers ---------------------------------------------------------------------------------------


def _refuse(request: HttpRequest, title: str, message: str, *, status: int = 403) -> HttpResponse:
    return render(request, "declarations/refused.html", {"title": title, "message": message}, status=status)


def _posted(request: HttpRequest) -> Any:
    """The POST data when the form was sent (even empty, so missing ticks are reported), else None."""
    return request.POST if request.method == "POST" else None


def _membership(request: HttpRequest) -> Membership | HttpResponse:
    membership = selectors.membership_for_user(request.user)
    if membership is None:
        return _refuse(
            request,
            _("事業者の登録が必要です"),
            _(
                "自己宣言は、事業者のメンバーだけが行えます。マイページで事業者を登録するか、管理者から招待を受けてください。"
            ),
        )
    return membership


View = Callable[..., HttpResponse]


def _passing(resolve: Callable[[HttpRequest], Any]) -> Callable[[View], View]:
    """A view decorator: ``resolve(request)`` finds what the view works on and is passed after ``request``.

    When it returns a response instead (a refusal or a redirect), that response is sent and the view
    does not run. Goes under ``login_required`` (and any method check), which must run first.
    """

    def decorator(view: View) -> View:
        @functools.wraps(view)
        def wrapped(request: HttpRequest, *args: Any, **kwargs: Any) -> HttpResponse:
            found = resolve(request)
            if isinstance(found, HttpResponse):
                return found
            return view(request, found, *args, **kwargs)

        return wrapped

    return decorator


# The view receives the user's membership; non-members get the refusal page.
_member_view = _passing(_membership)


def _draft(request: HttpRequest, membership: Membership) -> dict[str, Any] | None:
    draft = request.session.get(DRAFT_KEY)
    if not draft or draft.get("org") != membership.organization_id:
        return None
    return dict(draft)


def _save_draft(request: HttpRequest, draft: dict[str, Any]) -> None:
    request.session[DRAFT_KEY] = draft


def _steps(draft: dict[str, Any]) -> list[str]:
    if draft.get("mode") == "upgrade":
        return ["two_star", "terms", "confirm"]
    steps = ["start", "principles"]
    if draft.get("level") == Level.TWO_STAR:
        steps.append("two_star")
    return [*steps, "terms", "confirm"]


def _done(draft: dict[str, Any], step: str) -> bool:
    return {
        "start": bool(draft.get("level")),
        "principles": len(draft.get("pledges") or []) == 5,
        "two_star": bool(draft.get("two_star")),
        "terms": bool(draft.get("terms")),
        "confirm": False,
    }[step]


def _gate(request: HttpRequest, step: str) -> tuple[Membership, dict[str, Any]] | HttpResponse:
    """The membership and draft for a wizard step, or a redirect to the first step still to do."""
    membership = _membership(request)
    if isinstance(membership, HttpResponse):
        return membership
    draft = _draft(request, membership)
    if draft is None:
        return redirect("declarations:start")
    steps = _steps(draft)
    if step not in steps:
        return redirect(f"declarations:{steps[0]}")
    for earlier in steps[: steps.index(step)]:
        if not _done(draft, earlier):
            return redirect(f"declarations:{earlier}")
    return membership, draft


def _wizard_step(step: str) -> Callable[[View], View]:
    """A wizard page (GET shows, POST saves): the view receives the membership and the session draft.

    Visitors who skipped an earlier step are sent back to it by ``_gate``.
    """

    def decorator(view: View) -> View:
        @login_required
        @require_http_methods(["GET", "POST"])
        @functools.wraps(view)
        def wrapped(request: HttpRequest) -> HttpResponse:
            gate = _gate(request, step)
            if isinstance(gate, HttpResponse):
                return gate
            membership, draft = gate
            return view(request, membership, draft)

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
        level_label=Level(draft["level"]).label if draft.get("level") else "",
    )
    return render(request, template, context)


def _two_star_input(draft: dict[str, Any]) -> TwoStarInput | None:
    data = draft.get("two_star")
    if not data:
        return None
    return TwoStarInput(**{k: v for k, v in data.items() if k in TwoStarInput.__dataclass_fields__})


# --- the wizard ------------------------------------------------------------------------------------


@login_required
@require_http_methods(["GET", "POST"])
@_member_view
def start(request: HttpRequest, membership: Membership) -> HttpResponse:
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
        return redirect("declarations:two_star" if draft["level"] == Level.TWO_STAR else "declarations:terms")
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
        return redirect("declarations:terms")
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
        return _refuse(
            request,
            _("現在お申込みいただけません"),
            _("ロゴマーク使用規約が公開されていません。事務局にお問い合わせください。"),
            status=503,
        )
    form = TermsForm(_posted(request), initial={"agree": draft.get("terms") == current.pk})
    if request.method == "POST" and form.is_valid():
        draft["terms"] = current.pk
        _save_draft(request, draft)
        return redirect("declarations:confirm")
    return _wizard(request, "declarations/wizard_terms.html", "terms", draft, form=form, terms=current)


@_wizard_step("confirm")
def confirm(request: HttpRequest, membership: Membership, draft: dict[str, Any]) -> HttpResponse:
    org = membership.organization
    terms_version = TermsVersion.objects.filter(pk=int(draft.get("terms") or 0)).first()
    two = _two_star_input(draft) if draft["level"] == Level.TWO_STAR else None
    if request.method == "POST":
        declaring: dict[str, Any] = {
            "user": request.user,
            "level": draft["level"],
            "pledged_principles": draft["pledges"],
            "terms_version": terms_version,
            "two_star": two,
        }
        try:
            if draft["mode"] == "upgrade":
                decl = get_object_or_404(Declaration, pk=draft.get("decl"), organization=org)
                decl = services.declaration_upgrade(
                    declaration=decl, user=request.user, two_star=two, terms_version=terms_version
                )
            elif draft["mode"] == "resubmit":
                decl = get_object_or_404(Declaration, pk=draft.get("decl"), organization=org)
                decl = services.declaration_resubmit(declaration=decl, **declaring)
            else:
                decl = services.declaration_submit(organization=org, **declaring)
        except services.DeclarationError as exc:
            messages.error(request, str(exc))
            if exc.code == "terms_changed":
                draft["terms"] = None
                _save_draft(request, draft)
                return redirect("declarations:terms")
            if exc.code.startswith("two_star"):
                return redirect("declarations:two_star")
            request.session.pop(DRAFT_KEY, None)
            return redirect("mypage:index")
        request.session.pop(DRAFT_KEY, None)
        return redirect("declarations:done", pk=decl.pk)
    return _wizard(
        request,
        "declarations/wizard_confirm.html",
        "confirm",
        draft,
        organization=org,
        terms=terms_version,
        two=two,
        publication_label=PublicationMethod(two.publication_method).label if two else "",
        principles=[pr for pr in programme.FIVE_PRINCIPLES if pr.number in draft["pledges"]],
    )


@login_required
@_member_view
def upgrade(request: HttpRequest, membership: Membership) -> HttpResponse:
    decl = selectors.declaration_open_for_organization(membership.organization)
    if decl is None or decl.status != Status.ACTIVE or decl.level != Level.ONE_STAR:
        messages.error(request, _("二つ星への変更は、有効な一つ星の宣言があるときにできます。"))
        return redirect("mypage:index")
    _save_draft(
        request,
        {
            "org": membership.organization_id,
            "mode": "upgrade",
            "decl": decl.pk,
            "level": Level.TWO_STAR,
            "pledges": decl.pledged_principles,
            "two_star": None,
            "terms": None,
        },
    )
    return redirect("declarations:two_star")


@login_required
@_member_view
def done(request: HttpRequest, membership: Membership, pk: int) -> HttpResponse:
    decl = get_object_or_404(Declaration, pk=pk, organization=membership.organization)
    return render(
        request,
        "declarations/done.html",
        {
            "declaration": decl,
            "verify_url": verify_path(decl.declaration_id) if decl.declaration_id else "",
            "target_days": ProgrammeSettings.load().review_target_days,
        },
    )


# --- the owner's changes -------------------------------------------------------------------------------


def _owner_action(
    request: HttpRequest, membership: Membership, *, template: str, action: str
) -> HttpResponse:
    if not membership.is_owner:
        return _refuse(
            request,
            _("管理者(オーナー)だけが行えます"),
            _("この操作は事業者の管理者(オーナー)だけができます。管理者に依頼してください。"),
        )
    decl = selectors.declaration_open_for_organization(membership.organization)
    if decl is None or (
        action == "downgrade" and (decl.status != Status.ACTIVE or decl.level != Level.TWO_STAR)
    ):
        messages.error(request, _("この操作ができる宣言がありません。"))
        return redirect("mypage:index")
    form = ReasonForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        fn = services.declaration_withdraw if action == "withdraw" else services.declaration_downgrade
        try:
            fn(declaration=decl, user=request.user, reason=form.cleaned_data["reason"])
        except services.DeclarationError as exc:
            messages.error(request, str(exc))
        except PermissionDenied as exc:
            return _refuse(request, _("操作できません"), str(exc))
        else:
            messages.success(
                request,
                _("自己宣言を取り下げました。")
                if action == "withdraw"
                else _("一つ星に変更しました。一つ星のロゴマークに差し替えてください。"),
            )
        return redirect("mypage:index")
    return render(request, template, {"form": form, "declaration": decl})


@login_required
@require_http_methods(["GET", "POST"])
@_member_view
def withdraw(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _owner_action(request, membership, template="declarations/withdraw.html", action="withdraw")


@login_required
@require_http_methods(["GET", "POST"])
@_member_view
def downgrade(request: HttpRequest, membership: Membership) -> HttpResponse:
    return _owner_action(request, membership, template="declarations/downgrade.html", action="downgrade")


# --- logo marks, guideline and certificate ---------------------------------------------------------


def _refuse_no_active_declaration(request: HttpRequest) -> HttpResponse:
    return _refuse(
        request,
        _("有効な自己宣言がありません"),
        _("ロゴマーク・使用ガイドライン・宣言書は、宣言が有効な事業者のメンバーだけが利用できます。"),
    )


def _active_declarer(request: HttpRequest) -> Declaration | HttpResponse:
    decl = selectors.declaration_active_for_user(request.user)
    if decl is None:
        return _refuse_no_active_declaration(request)
    if decl.terms_version_id is None:
        # e.g. imported from the older system: agree first, then come back
        return redirect(f"{reverse('declarations:terms_accept')}?next={request.path}")
    return decl


# The view receives the user's active declaration; see ``_active_declarer`` for who is turned away.
_declarer_view = _passing(_active_declarer)


def terms_public(request: HttpRequest) -> HttpResponse:
    """The current logo-mark terms, readable by anyone before signing up."""
    return render(request, "declarations/terms_public.html", {"terms": selectors.terms_current()})


@login_required
@require_http_methods(["GET", "POST"])
def terms_accept(request: HttpRequest) -> HttpResponse:
    """Agreement to the logo terms for an active declaration that has none recorded (imported ones)."""
    decl = selectors.declaration_active_for_user(request.user)
    if decl is None:
        return _refuse_no_active_declaration(request)
    current = selectors.terms_current()
    next_url = request.GET.get("next", "")
    if not url_has_allowed_host_and_scheme(
        next_url, allowed_hosts={request.get_host()}
    ) or not next_url.startswith("/"):
        next_url = reverse("declarations:logo")
    if decl.terms_version_id is not None or current is None:
        return redirect(next_url)
    form = TermsForm(_posted(request))
    if request.method == "POST" and form.is_valid():
        try:
            services.declaration_terms_accept(declaration=decl, user=request.user, terms_version=current)
        except services.DeclarationError as exc:
            messages.error(request, str(exc))
        return redirect(next_url)
    return render(
        request, "declarations/terms_accept.html", {"form": form, "terms": current, "declaration": decl}
    )


@login_required
@_declarer_view
def logo(request: HttpRequest, decl: Declaration) -> HttpResponse:
    return render(
        request,
        "declarations/logo.html",
        {"declaration": decl, "sizes": logos.PNG_SIZES, "svg": logos.mark_svg(decl.level)},
    )


@login_required
@_declarer_view
def guideline(request: HttpRequest, decl: Declaration) -> HttpResponse:
    return render(request, "declarations/guideline.html", {"declaration": decl})


def _download(request: HttpRequest, level: str, file_format: str) -> Declaration | HttpResponse:
    decl = _active_declarer(request)
    if isinstance(decl, HttpResponse):
        return decl
    if level not in Level.values:
        raise Http404
    if level != decl.level:
        return _refuse(
            request,
            _("この段階のロゴマークは使えません"),
            _("ロゴマークは、宣言している段階(%(level)s)のものだけを使えます。")
            % {"level": decl.get_level_display()},
        )
    services.logo_download_record(declaration=decl, user=request.user, file_format=file_format)
    return decl


def _attachment(content: bytes, content_type: str, filename: str) -> HttpResponse:
    # A declarer's own files: not to be kept by shared caches.
    return document_response(content, content_type=content_type, filename=filename, no_store=True)


@login_required
def logo_svg(request: HttpRequest, level: str) -> HttpResponse:
    decl = _download(request, level, "svg")
    if isinstance(decl, HttpResponse):
        return decl
    return _attachment(logos.mark_svg(level).encode(), "image/svg+xml", f"security-action-{level}.svg")


@login_required
def logo_png(request: HttpRequest, level: str, size: int) -> HttpResponse:
    if size not in logos.PNG_SIZES:
        raise Http404
    decl = _download(request, level, f"png-{size}")
    if isinstance(decl, HttpResponse):
        return decl
    return _attachment(logos.mark_png(level, size), "image/png", f"security-action-{level}-{size}.png")


@login_required
@_declarer_view
def certificate(request: HttpRequest, decl: Declaration) -> HttpResponse:
    from .certificate import certificate_pdf

    pdf = certificate_pdf(decl, language=getattr(request, "LANGUAGE_CODE", settings.LANGUAGE_CODE))
    services.logo_download_record(declaration=decl, user=request.user, file_format="certificate-pdf")
    return _attachment(pdf, PDF_CONTENT_TYPE, f"security-action-{decl.declaration_id}.pdf")
