from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PeopleConfig(AppConfig):
    name = "rowad.people"
    label = "people"
    verbose_name = _("People")

    def ready(self) -> None:
        # The agency officer's home lists the duplicates waiting for review (shell).
        from rowad.accounts.enums import Role
        from rowad.core.queues import provide_queue

        from .queues import duplicates_to_review

        provide_queue(Role.AGENCY_OFFICER, duplicates_to_review)

        # The person page (people) tells this app's part of the person's story.
        from rowad.core.timeline import provide_events

        from .timeline import person_events as people_person_events

        provide_events("people.person", people_person_events)

        # The processing register lists the partner organizations that receive data.
        from rowad.core.register import provide_recipients

        from .queries import partner_recipients

        provide_recipients(partner_recipients)
