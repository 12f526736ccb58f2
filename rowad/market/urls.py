from django.urls import path

from .views import contract_actions, contracts

app_name = "market"

urlpatterns = [
    # --- ORDERS ---
    # --- WORK ---
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("orders/<int:pk>/contract/", contracts.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract_detail"),
    path("milestones/<int:pk>/review/", contract_actions.milestone_review, name="milestone_review"),
    path("invoices/<int:pk>/payment/", contract_actions.invoice_payment, name="invoice_payment"),
    path("photos/<int:pk>/", contract_actions.report_photo, name="report_photo"),
    # --- FIGURES ---
]
