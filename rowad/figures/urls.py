from django.urls import path

from .views import pages, public

app_name = "figures"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("public/", public.public_page, name="public"),
    path("i/<slug:code>/", pages.indicator_page, name="indicator"),
    path("records/<slug:code>/", pages.records_page, name="records"),
]
