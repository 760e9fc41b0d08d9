from django.urls import path

from . import views

app_name = "pages"
urlpatterns = [
    path("", views.home, name="home"),
    path("programme/", views.programme_page, name="programme"),
    path("faq/", views.faq, name="faq"),
    path("survey/", views.survey_latest, name="survey_latest"),
    path("survey/<slug:slug>/", views.survey, name="survey"),
]
