from django.urls import path

from . import views

app_name = "organizations"
urlpatterns = [
    path("register/", views.organization_register_view, name="register"),
    path("edit/", views.organization_edit_view, name="edit"),
    path(
        "identity-change/<int:pk>/withdraw/",
        views.identity_change_withdraw_view,
        name="identity_change_withdraw",
    ),
    path("members/", views.members_view, name="members"),
    path("members/<int:pk>/deactivate/", views.membership_deactivate_view, name="member_deactivate"),
    path("invitations/<int:pk>/revoke/", views.invitation_revoke_view, name="invitation_revoke"),
    path("invitation/<str:token>/", views.invitation_view, name="invitation"),
]
