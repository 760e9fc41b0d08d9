from django.urls import path

from . import views, views_wizard

app_name = "declarations"
urlpatterns = [
    path("new/", views_wizard.start, name="start"),
    path("new/principles/", views_wizard.principles, name="principles"),
    path("new/two-star/", views_wizard.two_star, name="two_star"),
    path("new/terms/", views_wizard.terms, name="terms"),
    path("new/why/", views_wizard.survey, name="survey"),
    path("new/confirm/", views_wizard.confirm, name="confirm"),
    path("upgrade/", views_wizard.upgrade, name="upgrade"),
    path("done/<int:pk>/", views.done, name="done"),
    path("confirm-unchanged/", views.confirm_unchanged, name="confirm_unchanged"),
    path("withdraw/", views.withdraw, name="withdraw"),
    path("downgrade/", views.downgrade, name="downgrade"),
    path("terms/", views.terms_public, name="terms_public"),
    path("terms/accept/", views.terms_accept, name="terms_accept"),
    path("logo/", views.logo, name="logo"),
    path("logo/<str:level>.svg", views.logo_svg, name="logo_svg"),
    path("logo/<str:level>-<int:size>.png", views.logo_png, name="logo_png"),
    path("guideline/", views.guideline, name="guideline"),
    path(
        "declaration.pdf", views.certificate, name="certificate"
    ),  # 宣言書: a declaration, not a certificate
]
