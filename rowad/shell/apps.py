from django.apps import AppConfig
from django.utils.translation import gettext_lazy as _


class ShellConfig(AppConfig):
    name = "rowad.shell"
    label = "shell"
    verbose_name = _("Home and menu")

    def ready(self) -> None:
        # The director's home: the figures of every app, which only the shell may import.
        from rowad.accounts.enums import Role
        from rowad.core.queues import provide_queue

        from .week import week_figures

        provide_queue(Role.DIRECTOR, week_figures)
