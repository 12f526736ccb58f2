from django.urls import path

from .views import compare, pages

app_name = "figures"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("i/<slug:code>/", pages.indicator_page, name="indicator"),
    path("compare/", compare.compare_page, name="compare"),
    path("records/<slug:code>/", pages.records_page, name="records"),
]
