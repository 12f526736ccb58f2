from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "rowad.market"
    label = "market"
    verbose_name = _("Market access")

    def ready(self) -> None:
        # The enterprise's page (a lower app) shows its offers, contracts and money.
        from rowad.core.sections import provide_section

        from . import (
            personal_data,  # noqa: F401  (registers the declarations)
            rules,  # noqa: F401  (registers the permissions)
        )
        from .views.sections import enterprise_section

        provide_section("enterprises.enterprise_detail", enterprise_section)

        # The sponsor officer's home: orders, reports, invoices and studies waiting.
        from .queues import register as register_queues

        register_queues()
