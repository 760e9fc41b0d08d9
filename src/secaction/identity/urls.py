from django.urls import path

from . import views, views_claim

app_name = "identity"

urlpatterns = [
    path("gbizid/", views.gbiz_landing, name="gbiz_landing"),
    path("gbizid/register/", views.gbiz_register, name="gbiz_register"),
    path("claim/", views_claim.claim_start, name="claim_start"),
    path("claim/code/", views_claim.claim_code, name="claim_code"),
    path("claim/request/", views_claim.claim_request, name="claim_request"),
]
