from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class CommitteesConfig(AppConfig):
    name = "rowad.committees"
    label = "committees"
    verbose_name = _("Committees")

    def ready(self) -> None:
        # Dossiers sit below this app: they are handed how to find the dossiers on a
        # committee member's desk rather than importing this app's models.
        from rowad.dossiers.queries import provide_members_desk

        from .queries import on_members_desk

        provide_members_desk(on_members_desk)

        # The homes (shell) show what waits for each role: this app hands its queues over.
        from rowad.accounts.enums import Role
        from rowad.core.queues import provide_queue

        from .queues import decisions_to_announce, evaluations_to_score, next_sessions

        provide_queue(Role.AGENCY_OFFICER, decisions_to_announce)
        provide_queue(Role.COMMITTEE_MEMBER, evaluations_to_score)
        provide_queue(Role.COMMITTEE_MEMBER, next_sessions)
