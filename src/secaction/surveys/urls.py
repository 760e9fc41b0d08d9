from django.urls import path

from . import views

app_name = "surveys"

urlpatterns = [
    path("r/<str:token>/", views.respond, name="respond"),
]
