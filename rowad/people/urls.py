from django.urls import path

from . import dedup_views, register_views, views

app_name = "people"
urlpatterns = [
    path("", views.person_list, name="list"),
    path("new/", views.person_create, name="create"),
    path("suggestions/", views.person_suggestions, name="suggestions"),
    path("<int:pk>/", views.person_detail, name="detail"),
    path("<int:pk>/edit/", views.person_edit, name="edit"),
    path("<int:pk>/export/", views.person_export, name="export"),
    path("<int:pk>/export.pdf", views.person_export_pdf, name="export_pdf"),
    path("<int:pk>/erase/", views.person_erase, name="erase"),
    path("<int:pk>/consent/", views.person_consent, name="consent"),
    path("register/", register_views.processing_register, name="processing_register"),
    path("register.pdf", register_views.processing_register_pdf, name="processing_register_pdf"),
    path("register.xlsx", register_views.processing_register_xlsx, name="processing_register_xlsx"),
    path("duplicates/", dedup_views.duplicate_list, name="duplicate_list"),
    path("duplicates/<int:pk>/", dedup_views.duplicate_detail, name="duplicate_detail"),
    path("duplicates/<int:pk>/merge/", dedup_views.duplicate_merge, name="duplicate_merge"),
    path("duplicates/<int:pk>/distinct/", dedup_views.duplicate_distinct, name="duplicate_distinct"),
    path("merges/<int:pk>/undo/", dedup_views.merge_undo, name="merge_undo"),
]
