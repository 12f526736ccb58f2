from django.urls import path

from . import views

app_name = "protection"
urlpatterns = [
    path("requests/", views.queue, name="queue"),
    path("requests/<int:pk>/", views.request_detail, name="request_detail"),
    path("requests/<int:pk>/close/", views.request_close, name="request_close"),
    path("my-requests/", views.my_requests, name="my_requests"),
]
