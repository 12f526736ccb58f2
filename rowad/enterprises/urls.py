from django.urls import path

from .views import enterprise_edit, enterprises

app_name = "enterprises"

urlpatterns: list = [
    # --- ENTERPRISES ---
    path("", enterprises.enterprise_list, name="list"),
    path("new/<int:dossier_pk>/", enterprise_edit.enterprise_create, name="create"),
    path("<int:pk>/", enterprises.enterprise_detail, name="detail"),
    path("<int:pk>/edit/", enterprise_edit.enterprise_edit, name="edit"),
    path("<int:pk>/owners/", enterprise_edit.members_edit, name="members_edit"),
    path("steps/<int:pk>/done/", enterprise_edit.step_done, name="step_done"),
    path("steps/<int:pk>/reopen/", enterprise_edit.step_reopen, name="step_reopen"),
    path("steps/<int:pk>/document/", enterprises.step_document, name="step_document"),
    # --- end ENTERPRISES ---
    # --- CALENDAR ---
    # --- ACCOMPANIMENT ---
    # --- FIGURES ---
]
