"""registry's services maintain the public read model; none has an actor."""

from __future__ import annotations

from tests.contract.cases import OutsiderCase

CASES: list[OutsiderCase] = []

_READ_MODEL = (
    "keeps the public registry's read model in step with declarations and organisations; called by model "
    "signals, the import and load commands, never on behalf of a person, so there is no actor to refuse"
)

EXEMPT = {
    "registry.registry_entry_sync": _READ_MODEL,
    "registry.registry_entries_sync_organization": _READ_MODEL,
    "registry.registry_entries_create_bulk": _READ_MODEL,
    "registry.registry_rebuild": _READ_MODEL,
    "registry.search_indexes_deferred": (
        "a context manager around bulk loads run by management commands (import, load data); no actor"
    ),
}
