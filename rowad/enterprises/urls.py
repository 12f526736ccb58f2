from django.urls import path

from .views import figures

app_name = "enterprises"

urlpatterns: list = [
    # --- ENTERPRISES ---
    # --- CALENDAR ---
    # --- ACCOMPANIMENT ---
    # --- FIGURES ---
    path("figures/", figures.figures_page, name="figures"),
    path("figures.csv", figures.figures_csv, name="figures_csv"),
]
