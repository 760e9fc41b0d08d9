"""Back office of the identity app (Django's admin autodiscovery imports this module)."""

from .admin_conflicts import IdentityConflictAdmin

__all__ = ["IdentityConflictAdmin"]
