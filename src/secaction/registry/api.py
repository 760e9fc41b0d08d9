"""JSON API endpoints of the registry (declaration lookup and verification, expression check)."""

from ninja import Router

router = Router()
