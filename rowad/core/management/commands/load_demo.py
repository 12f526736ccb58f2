"""Load the demo data of the two stories (idempotent: run it as often as you like)."""

from __future__ import annotations

from importlib import import_module
from importlib.util import find_spec

from django.core.management.base import BaseCommand
from django.db import transaction

# Order matters: later steps use what earlier ones put in `context`.
DEMO_STEPS = [
    "rowad.partners.demo",
    "rowad.accounts.demo",
    "rowad.people.demo",
    "rowad.outreach.demo",
    "rowad.dossiers.demo",
    "rowad.committees.demo",
    "rowad.imports.demo",
    # Takes the dossiers sent to financing on to "financed"; the enterprises demo records
    # their companies: both before training, whose Oran cohorts are for their holders.
    "rowad.financing.demo",
    # Records the enterprises of the financed dossiers ("company created"), their mentors,
    # sessions, visits and life events.
    "rowad.enterprises.demo",
    "rowad.training.demo",
    "rowad.portal.demo",
    # An enterprise's manager on the portal declares its jobs (one confirmed, one waiting).
    "rowad.portal.demo_enterprise",
    # The Oran directorate's work orders of two years to the four Oran enterprises (their
    # managers passed the Oran courses, use the portal and declare their means there).
    "rowad.market.demo",
    "rowad.people.demo_duplicates",
]


class Command(BaseCommand):
    help = "Create or refresh the demo data: the Algerian caravan and the Al Hoceima meeting."

    def handle(self, *args, **options) -> None:
        context: dict = {"stdout": self.stdout}
        for step in DEMO_STEPS:
            if find_spec(step) is None:
                continue
            with transaction.atomic():
                import_module(step).load(context)
        self.stdout.write(self.style.SUCCESS("Demo data ready."))
        for line in context.get("logins", []):
            self.stdout.write(line)
