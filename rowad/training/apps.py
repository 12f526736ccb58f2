from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class TrainingConfig(AppConfig):
    name = "rowad.training"
    label = "training"
    verbose_name = _("Training")

    def ready(self) -> None:
        # The dossier page, the person page and the outreach funnel show training; their
        # apps sit below this one, so they are handed what to show rather than import it.
        from rowad.core.sections import provide_section
        from rowad.outreach.figures import provide_training_lookup

        from .queries import person_ids_trained
        from .views.sections import dossier_section, person_section

        provide_section("dossiers.dossier_detail", dossier_section)
        provide_section("people.person_detail", person_section)
        provide_training_lookup(person_ids_trained)

        # The trainer's home: their cohorts, today's roll calls, the marks to enter.
        from .queues import register as register_queues

        register_queues()
