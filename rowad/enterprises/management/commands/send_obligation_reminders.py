import datetime

from django.core.management.base import BaseCommand, CommandError

from rowad.enterprises.tasks import send_obligation_reminders


class Command(BaseCommand):
    help = (
        "Remind the holders of enterprises of the legal obligations falling due soon "
        "(run it daily, e.g. from cron; safe to run twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        on = None
        if options["date"]:
            try:
                on = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Not a date (YYYY-MM-DD): {options['date']}") from exc
        count = send_obligation_reminders(on)
        self.stdout.write(f"{count} reminder(s) sent")
