from django.urls import path

app_name = "financing"

urlpatterns: list = []

# --- SCHEDULES ---
from .views import schedules as schedule_views  # noqa: E402

urlpatterns += [
    path("schedules/<int:pk>/", schedule_views.schedule_detail, name="schedule_detail"),
    path("schedules/<int:pk>/payments/new/", schedule_views.payment_create, name="payment_create"),
    path("schedules/<int:pk>/reschedule/", schedule_views.schedule_reschedule, name="schedule_reschedule"),
    path("lines/<int:pk>/schedule/new/", schedule_views.schedule_generate, name="schedule_generate"),
]
# --- end SCHEDULES ---
