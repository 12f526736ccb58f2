from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "rowad.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        # The homes (shell) show what waits for each role: this app hands its queues over.
        from rowad.accounts.enums import Role
        from rowad.core.queues import provide_queue

        from .queues import association_events, field_stops, ideas_without_outcome

        provide_queue(Role.FIELD_AGENT, field_stops)
        provide_queue(Role.AGENCY_OFFICER, ideas_without_outcome)
        provide_queue(Role.ASSOCIATION_REP, association_events)
        # The duplicate review (people) shows each record's registrations.
        from rowad.core.sections import provide_section

        from .person_records import duplicate_pair_section

        provide_section("people.duplicate_pair", duplicate_pair_section)
