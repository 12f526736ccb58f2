"""The demo holder (Amina, Oran) gets a portal login by code on her phone, and a draft
project file beside the one the dossiers demo sent back to be deepened."""

from __future__ import annotations

import uuid
from decimal import Decimal

from django.utils import timezone

from .models import HolderAccount

DRAFT_KEY = uuid.uuid5(uuid.NAMESPACE_URL, "rowad:portal-demo:holder-draft")


def load(context: dict) -> None:
    person = context.get("holder_person")
    user = context.get("users", {}).get("holder")
    if person is None or user is None:
        return
    account, _created = HolderAccount.objects.get_or_create(
        user=user,
        defaults={
            "country": person.country,
            "phone": person.phone,
            "phone_verified_at": timezone.now(),
            "consents": ["registration", "contact"],
        },
    )
    if user.preferred_language != person.preferred_language or not user.first_name:
        user.preferred_language = person.preferred_language
        user.first_name = person.given_name_latin or person.given_name_ar
        user.last_name = person.family_name_latin or person.family_name_ar
        user.save(update_fields=["preferred_language", "first_name", "last_name"])
    _draft(context, person, user)
    context.setdefault("logins", []).append(
        f"  Portal (project holder): /portal/login/ with phone {account.phone}; the code is in var/sms.log"
    )


def _draft(context: dict, person, user) -> None:
    """A second idea, still a draft the holder can fill in and submit."""
    from rowad.dossiers import services

    programme = context.get("programmes", {}).get("ict")
    if programme is None:
        return
    services.create_dossier(
        holders=[person],
        programme=programme,
        actor=user,
        client_uuid=DRAFT_KEY,
        title="Maintenance de réseaux radio (faisceaux hertziens)",
        idea="Entretenir les pylônes et les faisceaux hertziens de l'opérateur dans l'ouest du pays.",
        sector="telecom",
        investment=Decimal(2_400_000),
    )
