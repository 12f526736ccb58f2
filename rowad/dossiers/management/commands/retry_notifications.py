from django.core.management.base import BaseCommand

from rowad.dossiers.notifications import retry_failed


class Command(BaseCommand):
    help = "Re-send failed holder notifications that still have attempts left."

    def handle(self, *args, **options) -> None:
        count = retry_failed()
        self.stdout.write(f"{count} notification(s) retried.")
