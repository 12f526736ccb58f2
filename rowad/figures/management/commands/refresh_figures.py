from django.core.management.base import BaseCommand

from rowad.figures.cells import refresh
from rowad.figures.models import FigureSnapshot


class Command(BaseCommand):
    help = (
        "Recompute the figure cells of the indicators whose tables changed since they were "
        "computed (or computed another day); --full recomputes every indicator. Safe to run "
        "twice; run it nightly (after midnight: figures depending on today) and whenever wished."
    )

    def add_arguments(self, parser):
        parser.add_argument("--full", action="store_true", help="recompute every indicator")

    def handle(self, *args, full=False, **options):
        done = refresh(full=full)
        for code in done:
            seconds = FigureSnapshot.objects.get(pk=code).seconds
            self.stdout.write(f"{code}: {seconds:.2f} s")
        self.stdout.write(f"{len(done)} indicator(s) recomputed")
