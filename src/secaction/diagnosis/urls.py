from django.urls import path

from . import views

app_name = "diagnosis"
urlpatterns = [
    path("", views.take, name="take"),
    path("result/", views.result, name="result"),
    path("result/pdf/", views.result_pdf, name="result_pdf"),
    path("save/", views.save, name="save"),
    path("history/", views.history, name="history"),
    path("combined/", views.combined, name="combined"),
    path("<int:pk>/", views.assessment_detail, name="assessment"),
    path("<int:pk>/pdf/", views.assessment_pdf, name="assessment_pdf"),
    path("principles/", views.principles, name="principles"),
    path("principles/checklist/", views.principles_checklist, name="principles_checklist"),
    path("principles/<int:number>/", views.principle, name="principle"),
]
