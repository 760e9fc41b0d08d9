"""JSON API endpoints of this domain, mounted under /api/v1/ by secaction.api."""

from ninja import Router

router = Router()
