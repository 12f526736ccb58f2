from django.urls import path

from . import views

app_name = "imports"
urlpatterns = [
    path("", views.batch_list, name="batch_list"),
    path("new/", views.batch_upload, name="batch_upload"),
    path("<int:pk>/", views.batch_detail, name="batch_detail"),
    path("<int:pk>/progress/", views.batch_progress, name="batch_progress"),
    path("<int:pk>/mapping/", views.batch_mapping, name="batch_mapping"),
    path("<int:pk>/start/", views.batch_start, name="batch_start"),
    path("<int:pk>/cancel/", views.batch_cancel, name="batch_cancel"),
    path("<int:pk>/undo/", views.batch_undo, name="batch_undo"),
    path("<int:pk>/report/", views.batch_report, name="batch_report"),
    path("<int:pk>/rejected/", views.batch_rejected, name="batch_rejected"),
    path("<int:pk>/review/<int:problem_pk>/apply/", views.review_apply, name="review_apply"),
]
