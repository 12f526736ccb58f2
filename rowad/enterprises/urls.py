from django.urls import path

from .views import declarations

app_name = "enterprises"

urlpatterns: list = [
    # --- ENTERPRISES ---
    # --- CALENDAR ---
    # --- ACCOMPANIMENT ---
    # --- FIGURES ---
    # --- DECLARATIONS ---
    path("declarations/<int:pk>/confirm/", declarations.declaration_confirm, name="declaration_confirm"),
]
