from django.urls import path

from . import views

app_name = "continuation"
urlpatterns: list = [
    path("confirm/<str:token>/", views.confirm, name="confirm"),
]
