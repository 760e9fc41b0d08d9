from django.urls import path

from . import views

app_name = "registry"
urlpatterns = [
    path("", views.search, name="search"),
    path("verify/", views.verify_form, name="verify_form"),
    path("verify/batch/", views.batch, name="batch"),
    path("verify/<str:declaration_id>/", views.verify, name="verify"),
    path("expressions/", views.expressions, name="expressions"),
    path("statistics/", views.statistics, name="statistics"),
    path("statistics/csv/", views.statistics_csv, name="statistics_csv"),
]
