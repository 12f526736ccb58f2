from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CoreConfig(AppConfig):
    name = "rowad.core"
    label = "core"
    verbose_name = _("Core")

    def ready(self) -> None:
        from django.utils.module_loading import autodiscover_modules

        from . import lookups  # noqa: F401 - registers the any_of lookup

        # Each app's personal_data.py registers what in it refers to a person.
        autodiscover_modules("personal_data")
