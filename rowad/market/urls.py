from django.urls import path

from .views import figures as figures_views

app_name = "market"

urlpatterns = [
    # --- ORDERS ---
    # --- WORK ---
    # --- FIGURES ---
    path("figures/", figures_views.figures_page, name="figures"),
    path("figures.csv", figures_views.figures_csv, name="figures_csv"),
]
