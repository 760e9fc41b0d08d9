"""The institutions' portal (contacts of a subsidy office or business partner), mounted at ``institutions/``."""

from django.urls import path

from . import views

app_name = "institutions"

urlpatterns = [
    path("", views.portal_home, name="home"),
]
