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
from .views import assessments  # noqa: E402

urlpatterns += [
    path("cohorts/<int:pk>/marks/", assessments.marks, name="marks"),
    path("cohorts/<int:pk>/results/compute/", assessments.compute_results, name="compute_results"),
    path("enrolments/<int:pk>/result/", assessments.enrolment_result, name="enrolment_result"),
    path("enrolments/<int:pk>/resit/<int:module_pk>/", assessments.resit, name="resit"),
]

# --- certificates and public verification ---
urlpatterns += []
