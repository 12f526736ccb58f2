"""Shared arrangements of the enterprise page and API tests."""

from __future__ import annotations

import datetime

from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import DossierHolder
from tests.dossiers.factories import advance, make_dossier
from tests.factories import PersonFactory


def financed_dossier(world, *, holders: int = 1, **fields):
    officer = world.users["agency_officer"]
    people = [PersonFactory(national_id="", organization=world.oran_agency) for _ in range(holders)]
    dossier = make_dossier(world, actor=officer, holders=people, **fields)
    return advance(dossier, DossierState.FINANCED, actor=officer)


def create_body(dossier, **changes) -> dict:
    """The create form as an officer fills it for a one-holder micro-enterprise."""
    dossier.refresh_from_db()
    body = {
        "version": str(dossier.version),
        "legal_form": "micro_enterprise",
        "name_ar": "مؤسسة الألياف",
        "name_latin": "Fibre Oran",
        "activity": "Pose de fibre optique",
        "address": "Rue 1, Oran",
        "created_on": (datetime.date.today() - datetime.timedelta(days=5)).isoformat(),
        "trade_register": "31/00-0123456 B 21",
        "tax_id": "000231012345678",
        "statistical_id": "",
    }
    for link in DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id"):
        body.setdefault(f"owner_{link.person_id}_role", "manager")
    body.update(changes)
    return {k: v for k, v in body.items() if v is not None}
