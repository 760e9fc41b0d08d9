"""My Page: the organisation and, panel by panel, what each domain app has to say about it.

This app sits at the top of the dependency graph (see the import-linter
contracts in pyproject.toml): it imports the domain apps, none of them imports it.
"""

from __future__ import annotations

from django.contrib.auth.decorators import login_required
from django.http import HttpRequest, HttpResponse
from django.shortcuts import render

from secaction.organizations import selectors


@login_required
def mypage(request: HttpRequest) -> HttpResponse:
    membership = selectors.membership_for_user(request.user)
    context: dict[str, object] = {"membership": membership}
    if membership is None:
        context["invitations"] = selectors.invitation_open_for_user(request.user)
        return render(request, "mypage/start.html", context)
    organization = membership.organization
    context.update(
        organization=organization,
        is_owner=membership.is_owner,
        members=selectors.membership_list(organization),
    )
    return render(request, "mypage/index.html", context)
