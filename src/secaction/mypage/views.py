"""My Page: the organisation and, panel by panel, what each domain app has to say about it.

This app sits at the top of the dependency graph (see the import-linter
contracts in pyproject.toml): it imports the domain apps, none of them imports it.

One mechanism composes the panels: for each domain app, the view calls that
app's ``<app>_panel_get`` selector explicitly and renders the app's
``<app>/_mypage_panel.html`` with the result as ``panel``. Templates run no
queries of their own, and a GET writes nothing.
"""

from __future__ import annotations

from dataclasses import dataclass

from django.conf import settings
from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render
from django.urls import reverse

from secaction.declarations.selectors import declarations_panel_get
from secaction.diagnosis.selectors import diagnosis_panel_get
from secaction.identity.selectors import organization_profile_gaps
from secaction.institutions.permissions import institution_for_contact
from secaction.organizations import selectors
from secaction.policies.selectors import policies_panel_get
from secaction.privacy.selectors import privacy_panel_get
from secaction.supporters.selectors import supporters_panel_get


@dataclass(frozen=True)
class Panel:
    """One app's card on My Page: its template and the data its selector returned."""

    template: str
    data: object


def _gbizid_connect_url() -> str:
    """Where an owner starts a GビズID sign-in that verifies the organisation; empty when GビズID is off."""
    apps = (settings.SOCIALACCOUNT_PROVIDERS.get("openid_connect") or {}).get("APPS") or []
    if not any(app.get("provider_id") == settings.OIDC_PROVIDER_ID for app in apps):
        return ""
    return reverse("openid_connect_login", kwargs={"provider_id": settings.OIDC_PROVIDER_ID})


@login_required
def mypage(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_for_user(request.user)
    context: dict[str, object] = {"membership": membership}
    if membership is None:
        context["invitations"] = selectors.invitation_open_for_user(request.user)
        # Institutions' contacts (subsidy offices, partners) have no organisation of their own: their My Page
        # is this one, with a link to the institution's portal. (The organisation's page stays within its
        # query budget; a member who is also a contact goes to /institutions/ directly.)
        context["contact_institution"] = institution_for_contact(request.user)
        return render(request, "mypage/start.html", context)
    organization = membership.organization
    diagnosis = diagnosis_panel_get(organization)
    policies = policies_panel_get(organization)
    # The declarations panel draws the path of stages from the diagnosis and policies panels.
    declarations = declarations_panel_get(organization, membership, diagnosis=diagnosis, policies=policies)
    context.update(
        organization=organization,
        is_owner=membership.is_owner,
        # Only owners can have the organisation verified (identity landing), so only they see the hint.
        gbizid_connect_url=(
            _gbizid_connect_url() if membership.is_owner and not organization.is_identity_verified else ""
        ),
        members=selectors.membership_list(organization),
        profile_gaps=organization_profile_gaps(organization),
        panels=[
            Panel("declarations/_mypage_panel.html", declarations),
            Panel("diagnosis/_mypage_panel.html", diagnosis),
            Panel("policies/_mypage_panel.html", policies),
            Panel("supporters/_mypage_panel.html", supporters_panel_get(organization)),
            Panel("privacy/_mypage_panel.html", privacy_panel_get(request.user)),
        ],
    )
    return render(request, "mypage/index.html", context)
