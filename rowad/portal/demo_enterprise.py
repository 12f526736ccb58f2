"""The manager of Fibre Kahina (an Oran micro-enterprise of the enterprises demo) signs up
on the portal with the phone, claims the registry record, and declares the
enterprise's jobs when the agency asks: a declaration of last summer the officer
confirmed, and one of this week still waiting for the officer (the enterprise's page
shows it to confirm). The managers of the three other Oran enterprises sign up the same
way (they answer the operator's work orders on the portal: the market demo); their users
are left in `context["enterprise_managers"]` by enterprise key. Idempotent: the account
by phone, the declarations by client key. Runs after rowad.portal.demo (same sign-up) and
rowad.enterprises.demo (the enterprise)."""

from __future__ import annotations

import datetime
import uuid
from importlib.util import find_spec

from django.utils import timezone

from rowad.dossiers import demo as dossiers_demo
from rowad.enterprises.enums import MemberRole, TurnoverBand
from rowad.enterprises.models import Enterprise, EnterpriseMember, JobsDeclaration

from . import services
from .demo import _sign_up
from .enums import ClaimState
from .models import HolderAccount

ENTERPRISE_KEY = "oran-company-0"
# The Oran micro-enterprises whose managers use the portal (Fibre Kahina first).
MANAGED_KEYS = ("oran-company-0", "oran-company-1", "oran-company-2", "oran-company-3")
NAMESPACE = uuid.UUID("b1f2c3d4-5e6f-4a7b-8c9d-0e1f2a3b4c5d")
# (client key, days ago, permanent men, women, seasonal men, women, turnover, confirmed)
DECLARATIONS = [
    ("summer", 120, 8, 2, 4, 2, TurnoverBand.OVER_10M, True),
    ("this-week", 3, 9, 3, 4, 2, TurnoverBand.OVER_10M, False),
]


def _holder_user(person):
    account = HolderAccount.objects.select_related("user").filter(phone=person.phone).first()
    if account is None:
        account = _sign_up(person)
    if person.user_id is None and account.claim_state == ClaimState.PENDING:
        services.claim_registry_person(
            account, national_id=person.national_id, birth_date=person.birth_date, actor=account.user
        )
    return account


def _enterprise_and_manager(key: str):
    dossier = dossiers_demo.demo_dossier(key)
    enterprise = Enterprise.objects.filter(dossier=dossier).first() if dossier else None
    if enterprise is None:
        return None, None
    manager = (
        EnterpriseMember.objects.filter(enterprise=enterprise, role=MemberRole.MANAGER, left_on__isnull=True)
        .select_related("person")
        .first()
    )
    if manager is None or not manager.person.phone:
        return enterprise, None
    return enterprise, manager


def _other_managers(context: dict) -> None:
    """The other Oran managers sign up on the portal and claim their registry record."""
    managers = context.setdefault("enterprise_managers", {})
    for key in MANAGED_KEYS:
        enterprise, manager = _enterprise_and_manager(key)
        if manager is None or key in managers:
            continue
        account = _holder_user(manager.person)
        managers[key] = account.user
        context.setdefault("logins", []).append(
            f"  Portal (enterprise manager, {enterprise.display_name}): /portal/login/ with phone {account.phone}"
        )


def load(context: dict) -> None:
    if find_spec("rowad.enterprises.services.declarations") is None:
        return
    from rowad.enterprises.services.declarations import confirm_declaration, declare_jobs

    enterprise, manager = _enterprise_and_manager(ENTERPRISE_KEY)
    officer = context.get("users", {}).get("officer")
    if enterprise is None or officer is None or manager is None:
        return
    account = _holder_user(manager.person)
    context.setdefault("enterprise_managers", {})[ENTERPRISE_KEY] = account.user
    today = timezone.localdate()
    for name, days, men, women, seasonal_men, seasonal_women, turnover, confirmed in DECLARATIONS:
        client_uuid = uuid.uuid5(NAMESPACE, f"{ENTERPRISE_KEY}:{name}")
        declaration = JobsDeclaration.objects.filter(client_uuid=client_uuid).first()
        if declaration is None:
            declared_on = max(enterprise.created_on, today - datetime.timedelta(days=days))
            declaration = declare_jobs(
                enterprise,
                actor=account.user,
                declared_on=declared_on,
                permanent_men=men,
                permanent_women=women,
                seasonal_men=seasonal_men,
                seasonal_women=seasonal_women,
                turnover_band=turnover,
                client_uuid=client_uuid,
            )
        if confirmed and declaration.confirmed_at is None:
            confirm_declaration(declaration, actor=officer)
    context.setdefault("logins", []).append(
        f"  Portal (enterprise holder, {enterprise.display_name}): /portal/login/ with phone {account.phone}"
    )
    _other_managers(context)
