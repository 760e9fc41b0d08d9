"""SECURITY ACTION Portal."""
