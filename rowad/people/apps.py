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
