from django.urls import path

from .views import figures as figures_views
from .views import order_actions, orders, suppliers

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
    # --- FIGURES ---
    path("figures/", figures_views.figures_page, name="figures"),
    path("figures.csv", figures_views.figures_csv, name="figures_csv"),
]
