from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class OutreachConfig(AppConfig):
    name = "rowad.outreach"
    label = "outreach"
    verbose_name = _("Outreach")

    def ready(self) -> None:
        # The person page (people) tells this app's part of the person's story.
        from rowad.core.timeline import provide_events

        from .timeline import person_events as outreach_person_events

        provide_events("people.person", outreach_person_events)
