"""Pages of the identity app: where a GビズID sign-in lands, and the verified registration.

Thin: the landing gathers the facts (``selectors.landing_facts_get``), asks the pure
``landing.landing_decide`` and carries out the step through the organisations' services.
"""

from __future__ import annotations

from django.contrib import messages
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import redirect, render
from django.utils.translation import gettext as _

from secaction.accounts.selectors import gbiz_claims_for_user
from secaction.accounts.web import signed_in_user
from secaction.core.errors import ServiceError
from secaction.core.web import service_error_to_form, service_error_to_messages
from secaction.declarations.selectors import declaration_active_for_organization
from secaction.organizations import selectors as organization_selectors
from secaction.organizations import services as organization_services
from secaction.organizations.forms import VerifiedOrganizationForm

from . import selectors
from .landing import LandingStep, landing_decide


@login_required
def gbiz_landing(request: HttpRequest) -> HttpResponse:
    """Where a GビズID sign-in lands: the next step for the person's organisation.

    A GET that may write (verify, sync the name, take over): allauth redirects here after the sign-in,
    and every step acts only on the person's own GビズID claims, so a forged visit changes nothing the
    person would not have changed by signing in.
    """
    user = signed_in_user(request)
    claims, own, holders = selectors.landing_facts_get(user)
    decision = landing_decide(claims, own, holders)
    step = decision.step
    if step is LandingStep.NOT_ACCEPTED:
        return render(request, "identity/landing_not_accepted.html", {"claims": claims}, status=403)
    if step is LandingStep.REGISTER:
        return redirect("identity:gbiz_register")
    organization = selectors.landing_organization_get(decision.organization_pk)
    if step is LandingStep.ASK_OWNER and organization is not None:
        # Only the name: nothing private about an organisation the person does not belong to.
        return render(request, "identity/landing_ask_owner.html", {"organization_name": organization.name})
    if step is LandingStep.OTHER_NUMBER:
        messages.warning(
            request,
            _(
                "GビズIDの法人番号が、登録されている事業者の法人番号と一致しないため、"
                "「GビズIDで確認済み」にはしていません。法人番号が正しいか、事業者情報を確認してください。"
            ),
        )
        return redirect("mypage:index")
    if step is LandingStep.MYPAGE or organization is None:
        return redirect("mypage:index")
    try:
        if step is LandingStep.VERIFY:
            organization_services.organization_identity_verify(user, organization)
            messages.success(
                request, _("GビズIDで法人番号を確認しました。事業者は「GビズIDで確認済み」になりました。")
            )
        elif step is LandingStep.SYNC_NAME:
            organization_services.organization_identity_sync(user, organization)
            messages.success(request, _("GビズIDに登録されている名称に合わせて、事業者名を更新しました。"))
        elif step is LandingStep.TAKE_OVER:
            organization = organization_services.organization_claim_verified(user, organization)
            declaration = declaration_active_for_organization(organization)
            if declaration is not None and declaration.declaration_id:
                taken = _("「%(name)s」の自己宣言(宣言ID %(id)s)を引き継ぎました。") % {
                    "name": organization.name,
                    "id": declaration.declaration_id,
                }
            else:
                taken = _("「%(name)s」の登録を引き継ぎました。") % {"name": organization.name}
            messages.success(
                request,
                taken + _("GビズIDで法人番号を確認したため、事業者は「GビズIDで確認済み」になっています。"),
            )
    except ServiceError as exc:
        service_error_to_messages(request, exc)
    return redirect("mypage:index")


@login_required
def gbiz_register(request: HttpRequest) -> HttpResponse:
    """The organisation registration pre-filled from GビズID; 法人番号 and legal name read-only."""
    user = signed_in_user(request)
    if organization_selectors.membership_for_user(user) is not None:
        messages.info(request, _("既に事業者に所属しています。"))
        return redirect("mypage:index")
    claims = gbiz_claims_for_user(user)
    if claims is None or not claims.is_accepted:
        return render(request, "identity/landing_not_accepted.html", {"claims": claims}, status=403)
    form = VerifiedOrganizationForm(request.POST or None, claims=claims)
    if request.method == "POST" and form.is_valid():
        try:
            organization_services.organization_register_verified(user, form.cleaned_data)
        except ServiceError as exc:
            service_error_to_form(form, exc)
        else:
            messages.success(
                request,
                _(
                    "GビズIDで確認済みの事業者として登録しました。次は取組み目標を決めて、自己宣言に進みましょう。"
                ),
            )
            return redirect("mypage:index")
    return render(request, "organizations/organization_form.html", {"form": form, "mode": "verified"})
