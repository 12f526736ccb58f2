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

        # The enterprise page shows each part's section; the dossier and person pages
        # (lower apps) show what this app knows about their object.
        from rowad.core.sections import provide_section

        from .views import accompaniment, declarations
        from .views import calendar as calendar_views
        from .views import enterprises as enterprise_pages

        provide_section("enterprises.enterprise_detail", accompaniment.enterprise_section)
        provide_section("enterprises.enterprise_detail", declarations.enterprise_section)
        provide_section("enterprises.enterprise_detail", calendar_views.enterprise_section)
        provide_section("dossiers.dossier_detail", enterprise_pages.dossier_section)
        provide_section("dossiers.dossier_detail", accompaniment.dossier_section)
        provide_section("people.person_detail", enterprise_pages.person_section)

        # The mentor's home: their caseload and its overdue visits.
        from .queues import register as register_queues

        register_queues()
