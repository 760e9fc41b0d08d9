"""Writes of the institutions app, split by responsibility; import them from here.

- ``keys``: institutions and their contacts, API keys (issue, revoke, assign, authenticate) and the daily
  usage count;
- ``uploads``: bulk CSV verification (upload, the background check, the 30-day purge);
- ``webhooks``: webhooks per key, the fan-out of registry changes into deliveries, sending and replay.

Staff services check ``staff_require``; the contacts' services ``institutions.permissions``; all refuse
with ``ServiceError`` / ``AccessDenied`` and are audited (docs/architecture.md).
"""

from .keys import (
    api_key_assign,
    api_key_authenticate,
    api_key_issue,
    api_key_revoke,
    api_usage_record,
    institution_active_set,
    institution_contact_add,
    institution_contact_deactivate,
    institution_create,
)
from .uploads import bulk_upload_create, bulk_upload_process, bulk_uploads_purge
from .webhooks import (
    webhook_changes_fan_out,
    webhook_deactivate,
    webhook_deliveries_send_due,
    webhook_delivery_attempt,
    webhook_delivery_replay,
    webhook_register,
)

__all__ = [
    "api_key_assign",
    "api_key_authenticate",
    "api_key_issue",
    "api_key_revoke",
    "api_usage_record",
    "bulk_upload_create",
    "bulk_upload_process",
    "bulk_uploads_purge",
    "institution_active_set",
    "institution_contact_add",
    "institution_contact_deactivate",
    "institution_create",
    "webhook_changes_fan_out",
    "webhook_deactivate",
    "webhook_deliveries_send_due",
    "webhook_delivery_attempt",
    "webhook_delivery_replay",
    "webhook_register",
]
