"""Walk the audit chain and report its first break (exit status 1), or say it is whole."""

import time

from django.core.management.base import BaseCommand, CommandError

from rowad.core import chain
from rowad.core.models import AuditChainHead, AuditEntry


class Command(BaseCommand):
    help = "Verify the audit trail's hash chain: a gap, an edited entry or a missing tail is reported."

    def add_arguments(self, parser):
        parser.add_argument("--database", default="default")

    def handle(self, *args, **options):
        started = time.perf_counter()
        checked, broken = chain.verify(AuditEntry, AuditChainHead, using=options["database"])
        if broken is not None:
            raise CommandError(f"audit chain broken ({broken.kind}) at entry {broken.seq}: {broken.detail}")
        seconds = time.perf_counter() - started
        self.stdout.write(f"audit chain intact: {checked} entries verified in {seconds:.2f} s")
