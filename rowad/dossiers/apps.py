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

        # The agency officer's home lists the dossiers waiting for them (shell renders it).
        from rowad.accounts.enums import Role
        from rowad.core.queues import provide_queue

        from .queues import awaiting_eligibility, awaiting_study, studies_in_progress

        for provider in (awaiting_eligibility, awaiting_study, studies_in_progress):
            provide_queue(Role.AGENCY_OFFICER, provider)
        # The duplicate review (people) shows each record's dossiers.
        from rowad.core.sections import provide_section

        from .person_records import duplicate_pair_section

        provide_section("people.duplicate_pair", duplicate_pair_section)
