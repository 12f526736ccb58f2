from django.urls import path

from .views import attendance

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
urlpatterns += [
    path("my-cohorts/", attendance.my_cohorts, name="my_cohorts"),
    path("cohorts/<int:pk>/roll-call/", attendance.roll_call, name="roll_call"),
    path("cohorts/<int:pk>/check-in/", attendance.checkin_scan, name="checkin_scan"),
    path("absence-alerts/<int:pk>/acknowledge/", attendance.alert_acknowledge, name="alert_acknowledge"),
]

# --- assessments and results ---
urlpatterns += []

# --- certificates and public verification ---
urlpatterns += []
