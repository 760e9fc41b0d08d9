from django.urls import path

from . import views

app_name = "legal"
urlpatterns = [
    path("privacy/", views.privacy, name="privacy"),
    path("terms/", views.terms, name="terms"),
    path("api-terms/", views.api_terms, name="api_terms"),
    path("accept/", views.accept, name="accept"),
]
