from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class MarketConfig(AppConfig):
    name = "rowad.market"
    label = "market"
    verbose_name = _("Market access")

    def ready(self) -> None:
        from . import (
            personal_data,  # noqa: F401  (registers the declarations)
            rules,  # noqa: F401  (registers the permissions)
        )
