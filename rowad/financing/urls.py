from django.urls import path

app_name = "financing"

urlpatterns: list = []

# --- DISBURSE ---
from .views import disbursements  # noqa: E402

urlpatterns += [
    path("lines/<int:pk>/disbursements/", disbursements.line_disbursements, name="line_disbursements"),
    path("plans/<int:pk>/disbursements/", disbursements.plan_disbursements, name="plan_disbursements"),
    path("disbursements/<int:pk>/invoice/", disbursements.disbursement_invoice, name="disbursement_invoice"),
]
# --- end DISBURSE ---
