from django.urls import path

from . import views, views_mine

app_name = "inquiries"
urlpatterns = [
    path("", views.contact, name="contact"),
    path("sent/", views.sent, name="sent"),
    path("reply/<str:token>/", views.token_reply, name="token_reply"),
    path("mine/", views_mine.mine, name="mine"),
    path("mine/<int:pk>/", views_mine.mine_thread, name="mine_thread"),
]
