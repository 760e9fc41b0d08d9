"""Views of the policies app: parse, call a service or selector, render.

``policy`` holds the basic policy's pages, ``handbook`` the handbook's; ``urls.py`` imports
both through this package. Views that act for an organisation take ``org_id`` from the URL and
are decorated with ``_common.organization_view`` (``membership_required`` plus "this is your
organisation"); who may do what is checked again by the services.
"""

from __future__ import annotations

from .handbook import (
    handbook_acknowledge,
    handbook_adopt,
    handbook_docx,
    handbook_edit,
    handbook_home,
    handbook_pdf,
    handbook_remind,
    handbook_staff,
    handbook_version,
)
from .policy import (
    policy_docx,
    policy_edit,
    policy_home,
    policy_pdf,
    policy_public,
    policy_public_pdf,
    policy_publish,
    policy_unpublish,
    policy_version,
)

__all__ = [
    "handbook_acknowledge",
    "handbook_adopt",
    "handbook_docx",
    "handbook_edit",
    "handbook_home",
    "handbook_pdf",
    "handbook_remind",
    "handbook_staff",
    "handbook_version",
    "policy_docx",
    "policy_edit",
    "policy_home",
    "policy_pdf",
    "policy_public",
    "policy_public_pdf",
    "policy_publish",
    "policy_unpublish",
    "policy_version",
]
