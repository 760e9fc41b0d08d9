from django.urls import path

from . import views

app_name = "identity"

urlpatterns = [
    path("gbizid/", views.gbiz_landing, name="gbiz_landing"),
    path("gbizid/register/", views.gbiz_register, name="gbiz_register"),
]
