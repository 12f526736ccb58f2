from django.urls import path

from . import pwa, views

app_name = "shell"
urlpatterns = [
    path("", views.home, name="home"),
    path("sw.js", pwa.service_worker, name="service_worker"),
    path("manifest.webmanifest", pwa.manifest, name="manifest"),
    path("field-key/", pwa.field_key, name="field_key"),
]
