"""The institutions' portal (/institutions/): pages for the contacts of subsidy offices and partners.

A flat list of patterns: each part of the portal adds its own lines.
"""

from django.urls import path

from . import views, views_webhooks

app_name = "institutions"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("webhooks/", views_webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views_webhooks.webhook_log, name="webhook"),
    path("webhooks/<int:pk>/deactivate/", views_webhooks.webhook_stop, name="webhook_deactivate"),
    path("webhooks/deliveries/<int:pk>/replay/", views_webhooks.delivery_replay, name="webhook_replay"),
]
