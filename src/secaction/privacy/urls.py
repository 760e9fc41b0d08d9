from django.urls import path

from . import views

app_name = "privacy"
urlpatterns = [
    path("", views.index, name="index"),
    path("export.json", views.export_json, name="export_json"),
    path("export/", views.export_html, name="export_html"),
    path("correction/", views.correction, name="correction"),
    path("deletion/", views.deletion, name="deletion"),
    path("deletion/cancel/", views.deletion_cancel, name="deletion_cancel"),
]
