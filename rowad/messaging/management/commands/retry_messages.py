from django.core.management.base import BaseCommand

from rowad.messaging.services import retry_failed


class Command(BaseCommand):
    help = "Send again the failed messages to people that still have attempts left."

    def handle(self, *args, **options):
        count = retry_failed()
        self.stdout.write(f"{count} message(s) retried")
