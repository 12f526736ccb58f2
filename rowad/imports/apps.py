from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ImportsConfig(AppConfig):
    name = "rowad.imports"
    label = "imports"
    verbose_name = _("Imports")

    def ready(self) -> None:
        # People sit below this app: the duplicates export is handed where each person
        # was imported from rather than importing this app's models.
        from rowad.people.duplicates import provide_source_keys

        from .queries import imported_source_keys

        provide_source_keys(imported_source_keys)

        # The agency officer's home lists the imports waiting for them (shell renders it).
        from rowad.accounts.enums import Role
        from rowad.core.queues import provide_queue

        from .queues import imports_to_review

        provide_queue(Role.AGENCY_OFFICER, imports_to_review)
