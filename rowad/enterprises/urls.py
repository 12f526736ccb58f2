from django.urls import path

from .views import calendar as calendar_views
from .views import figures

app_name = "enterprises"

urlpatterns: list = [
    # --- ENTERPRISES ---
    # --- CALENDAR ---
    path("calendar/", calendar_views.calendar, name="calendar"),
    path("obligations/<int:pk>/complete/", calendar_views.obligation_complete, name="obligation_complete"),
    path("obligations/<int:pk>/reopen/", calendar_views.obligation_reopen, name="obligation_reopen"),
    path("<int:pk>/obligations/new/", calendar_views.obligation_add, name="obligation_add"),
    path("<int:pk>/life-events/new/", calendar_views.life_event_record, name="life_event_record"),
    # --- ACCOMPANIMENT ---
    # --- FIGURES ---
    path("figures/", figures.figures_page, name="figures"),
    path("figures.csv", figures.figures_csv, name="figures_csv"),
]
