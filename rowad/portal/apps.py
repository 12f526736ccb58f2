from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class PortalConfig(AppConfig):
    name = "rowad.portal"
    label = "portal"
    verbose_name = _("Portal")

    def ready(self) -> None:
        # The person page (people) tells this app's part of the person's story.
        from rowad.core.timeline import provide_events

        from .timeline import person_events as portal_person_events

        provide_events("people.person", portal_person_events)
