import datetime

from django.core.management.base import BaseCommand, CommandError

from rowad.protection.services import apply_retention


class Command(BaseCommand):
    help = (
        "Anonymise the people whose records ended longer ago than their retention period "
        "(ROWAD_RETENTION_<CATEGORY>_DAYS); run daily, e.g. from cron; safe to run twice. "
        "--dry-run says what it would do and changes nothing."
    )

    def add_arguments(self, parser):
        parser.add_argument("--dry-run", action="store_true", help="Count and list, change nothing.")
        parser.add_argument("--date", help="The day to run as of (YYYY-MM-DD); today by default.")

    def handle(self, *args, **options):
        today = None
        if options["date"]:
            try:
                today = datetime.date.fromisoformat(options["date"])
            except ValueError as exc:
                raise CommandError(f"Not a date (YYYY-MM-DD): {options['date']}") from exc
        run = apply_retention(dry_run=options["dry_run"], today=today)
        verb = "would anonymise" if run.dry_run else "anonymised"
        for category, count in run.counts.items():
            sample = ", ".join(str(pk) for pk in run.samples.get(category, []))
            self.stdout.write(f"{category}: {count}" + (f" (e.g. person ids {sample})" if sample else ""))
        total = sum(run.counts.values()) if run.dry_run else run.anonymised
        self.stdout.write(f"{verb} {total} person(s) as of {run.as_of} (run {run.pk})")
