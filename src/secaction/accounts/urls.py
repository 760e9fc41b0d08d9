"""The portal's own sign-in pages beside allauth's, mounted at ``accounts/`` before ``allauth.urls``.

The GビズID log-in and callback take allauth's own paths (``oidc/<provider_id>/login/`` and
``.../login/callback/``), so ``reverse("openid_connect_login", ...)`` and the callback URL registered at
the provider stay the same while the portal's stricter views (accounts/oidc.py) answer them.
"""

from django.urls import path

from . import gbizid_views, oidc

app_name = "accounts"

urlpatterns = [
    path("oidc/<str:provider_id>/login/", oidc.login, name="oidc_login"),
    path("oidc/<str:provider_id>/login/callback/", oidc.callback, name="oidc_callback"),
    path("gbizid/confirm/", gbizid_views.gbizid_connect_confirm, name="gbizid_connect_confirm"),
]
