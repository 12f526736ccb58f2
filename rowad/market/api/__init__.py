"""The market API (DRF + OpenAPI): for the sponsor's own systems (post orders, read reports,
post acceptances and payments) and the enterprise's phone (offers, quotes, reports)."""

from rest_framework.routers import DefaultRouter


def register(router: DefaultRouter) -> None:
    # --- ORDERS ---
    from .orders import register as register_orders

    register_orders(router)
    # --- end ORDERS ---
    # --- WORK ---
    from .work import register as register_work

    register_work(router)
    # --- PORTAL ---
    from .portal import register as register_portal

    register_portal(router)
    # --- FIGURES ---
    from .figures import register as register_figures

    register_figures(router)
