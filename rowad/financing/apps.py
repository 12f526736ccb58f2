from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class FinancingConfig(AppConfig):
    name = "rowad.financing"
    label = "financing"
    verbose_name = _("Financing")

    def ready(self) -> None:
        # The dossier's transition table guards "financed" with this app's plan; the
        # dossiers app sits below this one, so it is handed the check rather than import it.
        from rowad.dossiers.services import provide_funding_check

        from . import personal_data  # noqa: F401  (registers the declarations)
        from .queries import funding_problem

        provide_funding_check(funding_problem)

        # The dossier page shows the plan's summary (the dossiers app sits below this one).
        from rowad.core.sections import provide_section

        from .views.plans import dossier_section

        provide_section("dossiers.dossier_detail", dossier_section)

        # The funder officer's home: decisions, disbursements and late repayments.
        from .queues import register as register_queues

        register_queues()
