from django.urls import path

from .views import contract_actions, contracts, order_actions, orders, suppliers
from .views import figures as figures_views

app_name = "market"

urlpatterns = [
    # --- ORDERS ---
    path("orders/", orders.order_list, name="order_list"),
    path("orders/new/", orders.order_create, name="order_create"),
    path("orders/<int:pk>/", orders.order_detail, name="order_detail"),
    path("orders/<int:pk>/edit/", orders.order_edit, name="order_edit"),
    path("orders/<int:pk>/allocate/", order_actions.order_allocate, name="order_allocate"),
    path("orders/<int:pk>/override/", order_actions.order_override, name="order_override"),
    path("orders/<int:pk>/cancel/", order_actions.order_cancel, name="order_cancel"),
    path("orders/<int:pk>/documents/new/", order_actions.order_document_add, name="order_document_add"),
    path("orders/<int:pk>/documents/<int:document_pk>/", orders.order_document, name="order_document"),
    path("suppliers/", suppliers.supplier_list, name="supplier_list"),
    path("suppliers/<int:pk>/", suppliers.supplier_detail, name="supplier_detail"),
    # --- end ORDERS ---
    # --- WORK ---
    path("contracts/", contracts.contract_list, name="contract_list"),
    path("orders/<int:pk>/contract/", contracts.contract_create, name="contract_create"),
    path("contracts/<int:pk>/", contracts.contract_detail, name="contract_detail"),
    path("milestones/<int:pk>/review/", contract_actions.milestone_review, name="milestone_review"),
    path("invoices/<int:pk>/payment/", contract_actions.invoice_payment, name="invoice_payment"),
    path("photos/<int:pk>/", contract_actions.report_photo, name="report_photo"),
    # --- FIGURES ---
    path("figures/", figures_views.figures_page, name="figures"),
    path("figures.csv", figures_views.figures_csv, name="figures_csv"),
]
