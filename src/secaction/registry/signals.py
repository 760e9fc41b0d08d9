"""Signals the registry sends, for apps above it that react to public changes (they import this module).

``registry_changes_recorded`` is sent inside the writing transaction when ``registry_entry_sync`` recorded at
least one public change (``changes``: the saved ``RegistryChange`` rows). Bulk writers (imports) send nothing:
whoever reacts must also sweep, as the webhooks do.
"""

from django.dispatch import Signal

registry_changes_recorded = Signal()
