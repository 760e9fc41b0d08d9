from django.urls import path

from . import views

app_name = "policies"
urlpatterns = [
    path("org/<int:org_id>/", views.policy_home, name="policy_home"),
    path("org/<int:org_id>/edit/", views.policy_edit, name="policy_edit"),
    path("org/<int:org_id>/unpublish/", views.policy_unpublish, name="policy_unpublish"),
    path("org/<int:org_id>/v/<int:number>/", views.policy_version, name="policy_version"),
    path("org/<int:org_id>/v/<int:number>/pdf/", views.policy_pdf, name="policy_pdf"),
    path("org/<int:org_id>/v/<int:number>/docx/", views.policy_docx, name="policy_docx"),
    path("org/<int:org_id>/v/<int:number>/publish/", views.policy_publish, name="policy_publish"),
    path("org/<int:org_id>/handbook/", views.handbook_home, name="handbook_home"),
    path("org/<int:org_id>/handbook/edit/", views.handbook_edit, name="handbook_edit"),
    path("org/<int:org_id>/handbook/staff/", views.handbook_staff, name="handbook_staff"),
    path("org/<int:org_id>/handbook/staff/remind/", views.handbook_remind, name="handbook_remind"),
    path("org/<int:org_id>/handbook/v/<int:number>/", views.handbook_version, name="handbook_version"),
    path("org/<int:org_id>/handbook/v/<int:number>/pdf/", views.handbook_pdf, name="handbook_pdf"),
    path("org/<int:org_id>/handbook/v/<int:number>/docx/", views.handbook_docx, name="handbook_docx"),
    path("org/<int:org_id>/handbook/v/<int:number>/adopt/", views.handbook_adopt, name="handbook_adopt"),
    # Public, no account: the hosted policy page and each staff member's personal link.
    path("p/<str:slug>/", views.policy_public, name="public"),
    path("p/<str:slug>/pdf/", views.policy_public_pdf, name="public_pdf"),
    path("h/<str:token>/", views.handbook_acknowledge, name="acknowledge"),
]
