from django.urls import path

from . import views

app_name = "mailouts"

urlpatterns = [
    path("unsubscribe/<str:token>/", views.unsubscribe, name="unsubscribe"),
]
