"""Outsider cases for the back office's services: exports are for staff only."""

from __future__ import annotations

from secaction.backoffice import services
from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = [
    OutsiderCase(
        "backoffice.data_export_request",
        lambda outsider: services.data_export_request(outsider, label="organizations.organization"),
    ),
]

EXEMPT = {
    "backoffice.data_export_build": (
        "the background task's build step for an export staff_require already allowed; it runs with no actor"
    ),
    "backoffice.data_exports_purge": "the periodic purge task's step; it deletes expired files with no actor",
}
