from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class DossiersConfig(AppConfig):
    name = "rowad.dossiers"
    label = "dossiers"
    verbose_name = _("Dossiers")

    def ready(self) -> None:
        # Outreach figures count the registrations that became dossiers; outreach sits
        # below this app, so it is handed the lookup rather than importing it.
        from rowad.outreach.figures import provide_dossier_lookup

        from .queries import person_ids_with_dossiers

        provide_dossier_lookup(person_ids_with_dossiers)

        # The duplicate review (people) shows each record's dossiers.
        from rowad.core.sections import provide_section

        from .person_records import duplicate_pair_section

        provide_section("people.duplicate_pair", duplicate_pair_section)
