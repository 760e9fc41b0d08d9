"""The institutions' portal (/institutions/): pages for the contacts of subsidy offices and partners.

A flat list of patterns: each part of the portal adds its own lines.
"""

from django.urls import path

from . import views, views_uploads, views_webhooks

app_name = "institutions"

urlpatterns = [
    path("", views.portal_home, name="home"),
    path("uploads/", views_uploads.uploads, name="uploads"),
    path("uploads/new/", views_uploads.upload_new, name="upload_new"),
    path("uploads/template.csv", views_uploads.upload_template, name="upload_template"),
    path("uploads/<str:public_id>/", views_uploads.upload_detail, name="upload"),
    path("uploads/<str:public_id>/status.json", views_uploads.upload_status, name="upload_status"),
    path("uploads/<str:public_id>/result.csv", views_uploads.upload_result, name="upload_result"),
    path("webhooks/", views_webhooks.webhooks, name="webhooks"),
    path("webhooks/<int:pk>/", views_webhooks.webhook_log, name="webhook"),
    path("webhooks/<int:pk>/deactivate/", views_webhooks.webhook_stop, name="webhook_deactivate"),
    path("webhooks/deliveries/<int:pk>/replay/", views_webhooks.delivery_replay, name="webhook_replay"),
]
