"""What the policy and handbook views share: finding the organisation named in the URL, downloads."""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Any, TypeVar

from django.conf import settings
from django.http import Http404, HttpRequest, HttpResponse

from secaction.documents.docx import DOCX_CONTENT_TYPE
from secaction.documents.responses import PDF_CONTENT_TYPE, document_response
from secaction.organizations.models import Membership
from secaction.organizations.web import membership_required

from .. import selectors
from ..models import HandbookVersion, PolicyVersion

View = Callable[..., HttpResponse]
T = TypeVar("T")


def organization_view(view: View) -> View:
    """``membership_required`` for URLs that carry ``org_id``: 404 unless it is the user's own organisation.

    The view receives ``membership=`` and no ``org_id``. Owner-only actions are refused by the
    services (``AccessDenied`` → 403), not here.
    """

    @membership_required
    @functools.wraps(view)
    def wrapped(
        request: HttpRequest, org_id: int, *args: Any, membership: Membership, **kwargs: Any
    ) -> HttpResponse:
        if membership.organization_id != org_id:
            raise Http404  # do not reveal whether another organisation has a policy
        return view(request, *args, membership=membership, **kwargs)

    return wrapped


def _found(value: T | None) -> T:
    """``value``, or a 404 when the lookup found nothing."""
    if value is None:
        raise Http404
    return value


def policy_version_or_404(membership: Membership, number: int) -> PolicyVersion:
    return _found(selectors.policy_version_get(membership.organization, number))


def handbook_version_or_404(membership: Membership, number: int) -> HandbookVersion:
    return _found(selectors.handbook_version_get(membership.organization, number))


def version_download(
    version_of: Callable[[Membership, int], Any], render: Callable[[Any], bytes], stem: str, extension: str
) -> View:
    """A member's view that sends one policy or handbook version as ``<stem>-v<number>.<extension>``.

    ``version_of`` finds the version (404 when missing); ``render`` makes the PDF or DOCX bytes.
    """

    @organization_view
    def download(request: HttpRequest, number: int, *, membership: Membership) -> HttpResponse:
        version = version_of(membership, number)
        return document_response(
            render(version),
            content_type=PDF_CONTENT_TYPE if extension == "pdf" else DOCX_CONTENT_TYPE,
            filename=f"{stem}-v{version.number}.{extension}",
        )

    return download


def absolute(path: str) -> str:
    return settings.SITE_URL.rstrip("/") + path
