from django.urls import path

from .views import exports, pages

app_name = "figures"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("i/<slug:code>/", pages.indicator_page, name="indicator"),
    path("records/<slug:code>/", pages.records_page, name="records"),
    path("export/<str:fmt>/", exports.summary_export, name="summary_export"),
    path("records/<slug:code>/export/<str:fmt>/", exports.records_export, name="records_export"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/cancel/", exports.export_cancel, name="export_cancel"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
