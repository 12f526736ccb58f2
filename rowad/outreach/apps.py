from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "rowad.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        # The duplicate review (people) shows each record's registrations.
        from rowad.core.sections import provide_section

        from .person_records import duplicate_pair_section

        provide_section("people.duplicate_pair", duplicate_pair_section)
