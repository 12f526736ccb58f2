from django.urls import path

from .views import compare, exports, pages, public
from .views import reports as report_views

app_name = "figures"

urlpatterns = [
    path("", pages.dashboard, name="dashboard"),
    path("public/", public.public_page, name="public"),
    path("i/<slug:code>/", pages.indicator_page, name="indicator"),
    path("compare/", compare.compare_page, name="compare"),
    path("records/<slug:code>/", pages.records_page, name="records"),
    # The PDF report and the saved reports.
    path("report.pdf", report_views.report_pdf_view, name="report_pdf"),
    path("reports/", report_views.report_list, name="report_list"),
    path("reports/new/", report_views.report_form, name="report_new"),
    path("reports/<int:pk>/", report_views.report_open, name="report_open"),
    path("reports/<int:pk>/edit/", report_views.report_form, name="report_edit"),
    path("reports/<int:pk>/pdf/", report_views.saved_report_pdf, name="saved_report_pdf"),
    path("reports/<int:pk>/subscription/", report_views.report_subscription, name="report_subscription"),
    path("reports/<int:pk>/delete/", report_views.report_delete, name="report_delete"),
    path("export/<str:fmt>/", exports.summary_export, name="summary_export"),
    path("records/<slug:code>/export/<str:fmt>/", exports.records_export, name="records_export"),
    path("exports/<int:pk>/", exports.export_job, name="export_job"),
    path("exports/<int:pk>/cancel/", exports.export_cancel, name="export_cancel"),
    path("exports/<int:pk>/download/", exports.export_download, name="export_download"),
]
