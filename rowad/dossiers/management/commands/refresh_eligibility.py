from django.core.management.base import BaseCommand
from django.db import transaction

from rowad.dossiers.models import Dossier
from rowad.dossiers.services import refresh_eligibility
from rowad.dossiers.workflow import FINAL_STATES


class Command(BaseCommand):
    help = (
        "Re-evaluate the eligibility of every open dossier (after programme rules or registry data changed)."
    )

    def handle(self, *args, **options) -> None:
        count = 0
        for dossier in (
            Dossier.objects.exclude(state__in=FINAL_STATES).select_related("programme", "province").iterator()
        ):
            with transaction.atomic():
                refresh_eligibility(dossier)
            count += 1
        self.stdout.write(f"{count} dossier(s) re-evaluated.")
