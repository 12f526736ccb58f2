import datetime

from django.core.management.base import BaseCommand, CommandError

from rowad.financing.tasks import send_instalment_reminders


class Command(BaseCommand):
    help = (
        "Remind holders of the instalments falling due soon or late (run it daily, e.g. from cron; "
        "safe to run twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        as_of = None
        if options["date"]:
            try:
                as_of = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Not a date (YYYY-MM-DD): {options['date']}") from exc
        count = send_instalment_reminders(as_of)
        self.stdout.write(f"{count} reminder(s) sent")
