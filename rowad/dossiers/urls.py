from django.urls import path

from . import views

app_name = "dossiers"
urlpatterns = [
    path("", views.dossier_list, name="dossier_list"),
    path("new/", views.dossier_create, name="dossier_create"),
    path("<int:pk>/", views.dossier_detail, name="dossier_detail"),
    path("<int:pk>/edit/", views.dossier_edit, name="dossier_edit"),
    path("<int:pk>/financing/", views.dossier_financing, name="dossier_financing"),
    path("<int:pk>/study/", views.dossier_study, name="dossier_study"),
    path("<int:pk>/transition/", views.dossier_transition, name="dossier_transition"),
    path("<int:pk>/documents/", views.document_upload, name="document_upload"),
    path("<int:pk>/documents/<int:version_pk>/", views.document_download, name="document_download"),
]
