from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class EnterprisesConfig(AppConfig):
    name = "rowad.enterprises"
    label = "enterprises"
    verbose_name = _("Enterprises")

    def ready(self) -> None:
        # The dossier's transition table guards "company created" with this app's record;
        # the dossiers app sits below this one, so it is handed the check.
        from rowad.dossiers.services import provide_enterprise_check

        from . import (
            personal_data,  # noqa: F401  (registers the declarations)
            rules,  # noqa: F401  (registers the permissions)
        )
        from .queries import enterprise_problem

        provide_enterprise_check(enterprise_problem)

        from rowad.core.sections import provide_section

        from .views.declarations import enterprise_section as declarations_section

        provide_section("enterprises.enterprise_detail", declarations_section)
