from django.urls import path

app_name = "training"

# Each area keeps its routes in its own block (one block per views module).
urlpatterns: list = []

# --- catalogue (courses, modules) ---
urlpatterns += []

# --- cohorts ---
urlpatterns += []

# --- enrolment and waiting list ---
urlpatterns += []

# --- attendance (roll call, QR check-in, trainer pages) ---
urlpatterns += []

# --- assessments and results ---
urlpatterns += []

# --- certificates and public verification ---
urlpatterns += []

# --- signed credentials ---
from rowad.training.views import credentials as credential_views  # noqa: E402

urlpatterns += [
    path("issuer/key.json", credential_views.issuer_key, name="issuer_key"),
]
