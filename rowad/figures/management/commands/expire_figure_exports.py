from django.core.management.base import BaseCommand

from rowad.figures.services import expire_exports


class Command(BaseCommand):
    help = (
        "Delete the files of figure exports older than 7 days (they hold personal data). Run it "
        "daily, e.g. from cron; safe to run twice."
    )

    def handle(self, *args, **options):
        count = expire_exports()
        self.stdout.write(f"{count} export file(s) deleted")
