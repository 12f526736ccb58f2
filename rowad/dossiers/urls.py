from django.urls import path

from . import specification_views, views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("new/", views.dossier_create, name="dossier_create"),
    path("<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("<int:pk>/edit/", views.dossier_edit, name="dossier_edit"),
    path("<int:pk>/financing/", views.dossier_financing, name="dossier_financing"),
    path("<int:pk>/study/", views.dossier_study, name="dossier_study"),
    path("<int:pk>/study/signoff/", specification_views.study_signoff, name="study_signoff"),
    path("specifications/", specification_views.specification_list, name="specification_list"),
    path(
        "specifications/new/<int:programme_pk>/",
        specification_views.specification_create,
        name="specification_create",
    ),
    path("specifications/<int:pk>/", specification_views.specification_detail, name="specification_detail"),
    path("specifications/<int:pk>/edit/", specification_views.specification_edit, name="specification_edit"),
    path(
        "specifications/item-row/", specification_views.specification_item_row, name="specification_item_row"
    ),
    path("<int:pk>/transition/", views.dossier_transition, name="dossier_transition"),
    path("<int:pk>/internal-notes/", views.internal_note_add, name="internal_note_add"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:version_pk>/", views.document_download, name="document_download"),
]
