from django.urls import path

from .views import credentials as credential_views
from .views import enrolment, figures

app_name = "training"

# Each area keeps its routes in its own block (one block per views module).
urlpatterns: list = []

# --- catalogue (courses, modules) ---
urlpatterns += []

# --- cohorts ---
urlpatterns += []

# --- enrolment and waiting list ---
urlpatterns += [
    path("cohorts/<int:pk>/enrol/", enrolment.enrol, name="enrol"),
    path("enrolments/<int:pk>/", enrolment.enrolment_detail, name="enrolment_detail"),
    path("enrolments/<int:pk>/withdraw/", enrolment.enrolment_withdraw, name="enrolment_withdraw"),
    path("dossiers/<int:pk>/enrol/", enrolment.enrol_from_dossier, name="enrol_from_dossier"),
]

# --- attendance (roll call, QR check-in, trainer pages) ---
urlpatterns += []

# --- assessments and results ---
urlpatterns += []

# --- certificates and public verification ---
urlpatterns += []

# --- signed credentials ---
urlpatterns += [
    path("issuer/key.json", credential_views.issuer_key, name="issuer_key"),
]

# --- figures ---
urlpatterns += [
    path("figures/", figures.figures_page, name="figures"),
    path("enrolments/", figures.enrolment_list, name="enrolment_list"),
]
