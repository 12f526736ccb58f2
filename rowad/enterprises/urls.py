from django.urls import path

from .views import accompaniment

app_name = "enterprises"

urlpatterns: list = [
    # --- ENTERPRISES ---
    # --- CALENDAR ---
    # --- ACCOMPANIMENT ---
    path("caseload/", accompaniment.caseload_page, name="caseload"),
    path("mine/", accompaniment.my_caseload, name="my_caseload"),
    path("<int:pk>/visit/", accompaniment.visit_new, name="visit_new"),
    path("dossier/<int:dossier_pk>/session/", accompaniment.session_new, name="session_new"),
    path("dossier/<int:dossier_pk>/mentor/", accompaniment.assign_mentor, name="assign_mentor"),
    # --- FIGURES ---
]
