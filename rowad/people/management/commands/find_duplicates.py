"""python manage.py find_duplicates [--incremental] [--export PATH]"""

from __future__ import annotations

from django.core.management.base import BaseCommand

from rowad.people.duplicates import find_duplicates, write_export
from rowad.people.models import DuplicateCandidate


class Command(BaseCommand):
    help = "Find likely duplicate people in the registry and put them in the review queue."

    def add_arguments(self, parser):
        parser.add_argument(
            "--incremental", action="store_true", help="Only people registered since the last run."
        )
        parser.add_argument(
            "--export", metavar="PATH", help="Write the open candidate pairs to this CSV file."
        )

    def handle(self, *args, incremental=False, export=None, **options):
        run = find_duplicates(incremental=incremental)
        self.stdout.write(
            f"{run.get_kind_display()}: {run.people} people, {run.pairs} candidate pairs, "
            f"{run.auto_merged} merged automatically, {run.seconds:.1f} s"
        )
        if export:
            pairs = DuplicateCandidate.objects.filter(status=DuplicateCandidate.Status.OPEN).order_by(
                "-score", "id"
            )
            with open(export, "w", newline="", encoding="utf-8") as handle:
                count = write_export(handle, pairs)
            self.stdout.write(f"{count} pairs written to {export}")
