from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FiguresConfig(AppConfig):
    name = "rowad.figures"
    label = "figures"
    verbose_name = _("Figures")

    def ready(self) -> None:
        # Every indicator is defined once, in definitions/: importing them fills the registry.
        from . import (
            definitions,  # noqa: F401
            rules,  # noqa: F401  (registers the permissions)
        )
