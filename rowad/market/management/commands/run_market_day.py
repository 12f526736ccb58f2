import datetime

from django.core.management.base import BaseCommand, CommandError

from rowad.market.tasks import run_market_day


class Command(BaseCommand):
    help = (
        "Expire the offers not answered in time (they pass to the next enterprise), award the "
        "orders whose quote deadline has passed and allocate the orders waiting for an "
        "enterprise (run it daily, e.g. from cron; safe to run twice)."
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
        counts = run_market_day(on)
        self.stdout.write(", ".join(f"{key}: {value}" for key, value in counts.items()))
