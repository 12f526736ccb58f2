import datetime

from django.core.management.base import BaseCommand, CommandError

from rowad.figures.schedule import send_monthly_reports


class Command(BaseCommand):
    help = (
        "Email each monthly figures report to its subscribers, for the month before (run it on the "
        "1st of each month or daily, e.g. from cron; safe to run twice)."
    )

    def add_arguments(self, parser):
        parser.add_argument("--date", help="The day to run for (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Not a date (YYYY-MM-DD): {options['date']}") from exc
        count = send_monthly_reports(today)
        self.stdout.write(f"{count} report email(s) sent")
