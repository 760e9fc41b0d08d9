from django.urls import path

from . import views

app_name = "supporters"
urlpatterns = [
    path("", views.directory, name="directory"),
    path("<int:pk>/", views.detail, name="detail"),
    path("mine/", views.mine, name="mine"),
    path("mine/apply/", views.apply, name="apply"),
    path("mine/edit/", views.edit, name="edit"),
    path("mine/withdraw/", views.withdraw, name="withdraw"),
    path("mine/offers/new/", views.offer_new, name="offer_new"),
    path("mine/offers/<int:pk>/edit/", views.offer_edit, name="offer_edit"),
    path("mine/offers/<int:pk>/publish/", views.offer_publish_view, name="offer_publish"),
    path("mine/offers/<int:pk>/unpublish/", views.offer_unpublish_view, name="offer_unpublish"),
]
