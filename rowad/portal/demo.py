"""The demo holder (Amina, Oran) signs up on the portal with her phone and claims her
registry record (portal services: account, membership, link and consents audited), and
starts a draft project file beside the one the dossiers demo sent back to be deepened."""

from __future__ import annotations

import secrets
import uuid
from datetime import timedelta
from decimal import Decimal

from django.utils import timezone

from . import services
from .enums import Channel, ClaimState, CodePurpose
from .models import HolderAccount, OneTimeCode

DRAFT_KEY = uuid.uuid5(uuid.NAMESPACE_URL, "rowad:portal-demo:holder-draft")


def load(context: dict) -> None:
    person = context.get("holder_person")
    if person is None:
        return
    person.refresh_from_db()
    account = HolderAccount.objects.select_related("user").filter(phone=person.phone).first()
    if account is None:
        account = _sign_up(person)
    user = account.user
    if person.user_id is None and account.claim_state == ClaimState.PENDING:
        # She proves the registry record is hers with its national ID and birth date.
        person = services.claim_registry_person(
            account, national_id=person.national_id, birth_date=person.birth_date, actor=user
        )
    context.setdefault("users", {})["holder"] = user
    _draft(context, person, user)
    context.setdefault("logins", []).append(
        f"  Portal (project holder): /portal/login/ with phone {account.phone}; the code is in var/sms.log"
    )


def _sign_up(person) -> HolderAccount:
    """Amina signs up on the portal with her phone. The code she received and typed is
    recorded as the verification would leave it (issue_code + verify_code: a demo cannot
    read an SMS); the account, the user and the membership are then the portal's own
    (services.complete_verification, audited)."""
    now = timezone.now()
    otp = OneTimeCode.objects.create(
        channel=Channel.SMS,
        destination=person.phone,
        purpose=CodePurpose.SIGNUP,
        salt=secrets.token_hex(8),
        code_hash="",
        expires_at=now + timedelta(minutes=10),
        used_at=now,
    )
    user, _created = services.complete_verification(
        otp, country=person.country, language=person.preferred_language, consents=["registration", "contact"]
    )
    return HolderAccount.objects.select_related("user").get(user=user)


def _draft(context: dict, person, user) -> None:
    """A second idea, still a draft the holder can fill in and submit."""
    from rowad.dossiers import services as dossier_services

    programme = context.get("programmes", {}).get("ict")
    if programme is None:
        return
    dossier_services.create_dossier(
        holders=[person],
        programme=programme,
        actor=user,
        client_uuid=DRAFT_KEY,
        title="Maintenance de réseaux radio (faisceaux hertziens)",
        idea="Entretenir les pylônes et les faisceaux hertziens de l'opérateur dans l'ouest du pays.",
        sector="telecom",
        investment=Decimal(2_400_000),
    )
