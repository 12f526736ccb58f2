"""One demo login per role (password printed by `make run`), created through the
accounts services like an administrator would (audit written)."""

from __future__ import annotations

from rowad.core.models import Province

from . import services
from .enums import Role
from .models import Membership, User

DEMO_PASSWORD = "rowad-demo-2026"  # noqa: S105 - demo data only, printed for the reader

# username: (role, organization key, province codes or None for the organization's own)
DEMO_USERS = {
    "admin": (Role.PLATFORM_ADMIN, "ansej", None),
    "orgadmin": (Role.ORG_ADMIN, "ansej_oran", None),
    "officer": (Role.AGENCY_OFFICER, "ansej_oran", ["31"]),
    "officer.hoceima": (Role.AGENCY_OFFICER, "anapec_hoceima", None),
    "committee": (Role.COMMITTEE_MEMBER, "ansej_oran", ["31"]),
    # The operator trains with its own staff: its trainers belong to Algérie Télécom.
    "trainer": (Role.TRAINER, "telecom", ["31"]),
    "trainer.radio": (Role.TRAINER, "telecom", ["31", "16"]),
    "trainer.civil": (Role.TRAINER, "telecom", ["31", "25"]),
    "trainer.hoceima": (Role.TRAINER, "anapec_hoceima", None),
    "mentor": (Role.MENTOR, "ansej_oran", ["31"]),
    # The agency's mentor in Al Hoceima: follows the beekeeping cooperative since 2017.
    "mentor.hoceima": (Role.MENTOR, "anapec_hoceima", None),
    "sponsor": (Role.SPONSOR_OFFICER, "telecom", None),
    # The operator's Oran operational directorate: posts its work orders to the Oran
    # micro-enterprises, accepts their work and pays it (the market demo).
    "sponsor.oran": (Role.SPONSOR_OFFICER, "telecom_oran", None),
    "funder": (Role.FUNDER_OFFICER, "indh", None),
    # The bank's Oran agency: decides and services the Oran enterprises' bank loans.
    "funder.badr": (Role.FUNDER_OFFICER, "badr", ["31"]),
    "association": (Role.ASSOCIATION_REP, "microcredit_assoc", None),
    "agent": (Role.FIELD_AGENT, "ansej_oran", ["31"]),
    "director": (Role.DIRECTOR, "ansej", None),
}


def load(context: dict) -> None:
    orgs = context["orgs"]
    users = {}
    for username, (role, org_key, province_codes) in DEMO_USERS.items():
        user = User.objects.filter(username=username).first()
        if user is None:
            user = services.create_user(
                username=username,
                first_name=username.split(".")[0].capitalize(),
                preferred_language="ar",
                password=DEMO_PASSWORD,
                is_superuser=role == Role.PLATFORM_ADMIN,
                actor=None,
            )
        elif not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save(update_fields=["password"])
        provinces = (
            Province.objects.filter(country_id="DZ", code__in=province_codes)
            if province_codes
            else Province.objects.none()
        )
        if not Membership.objects.filter(
            user=user, organization=orgs[org_key], role=role, is_active=True
        ).exists():
            services.grant_membership(
                user, organization=orgs[org_key], role=role, provinces=provinces, actor=None
            )
        users[username] = user
    context["users"] = users
    logins = context.setdefault("logins", [])
    logins.append(f"Demo logins (password: {DEMO_PASSWORD}):")
    for username, (role, org_key, _codes) in DEMO_USERS.items():
        logins.append(f"  {username:<18} {Role(role).label} — {orgs[org_key].name_fr}")
    logins.append("  holder             Project holder (portal) — ANSEJ Oran")
