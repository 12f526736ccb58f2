from django.urls import path

from .views import pages

app_name = "figures"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("i/<slug:code>/", pages.indicator_page, name="indicator"),
    path("records/<slug:code>/", pages.records_page, name="records"),
]
