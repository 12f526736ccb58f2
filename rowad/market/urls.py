from django.urls import path  # noqa: F401

app_name = "market"

urlpatterns = [
    # --- ORDERS ---
    # --- WORK ---
    # --- FIGURES ---
]
