"""One demo login per role (password printed by `make run`)."""

from __future__ import annotations

from rowad.core.models import Province

from .enums import Role
from .models import Membership, User

DEMO_PASSWORD = "rowad-demo-2026"  # noqa: S105 - demo data only, printed for the reader

# username: (role, organization key, province codes or None for the organization's own)
DEMO_USERS = {
    "admin": (Role.PLATFORM_ADMIN, "ansej", None),
    "officer": (Role.AGENCY_OFFICER, "ansej_oran", ["31"]),
    "officer.hoceima": (Role.AGENCY_OFFICER, "anapec_hoceima", None),
    "committee": (Role.COMMITTEE_MEMBER, "ansej_oran", ["31"]),
    "trainer": (Role.TRAINER, "telecom_oran", ["31"]),
    "mentor": (Role.MENTOR, "ansej_oran", ["31"]),
    "sponsor": (Role.SPONSOR_OFFICER, "telecom", None),
    "funder": (Role.FUNDER_OFFICER, "indh", None),
    "association": (Role.ASSOCIATION_REP, "microcredit_assoc", None),
    "agent": (Role.FIELD_AGENT, "ansej_oran", ["31"]),
    "director": (Role.DIRECTOR, "ansej", None),
}


def load(context: dict) -> None:
    orgs = context["orgs"]
    users = {}
    for username, (role, org_key, province_codes) in DEMO_USERS.items():
        user, created = User.objects.get_or_create(
            username=username,
            defaults={"first_name": username.split(".")[0].capitalize(), "preferred_language": "ar"},
        )
        if created or not user.has_usable_password():
            user.set_password(DEMO_PASSWORD)
            user.save()
        if role == Role.PLATFORM_ADMIN and not user.is_superuser:
            user.is_superuser = user.is_staff = True
            user.save()
        membership, _ = Membership.objects.get_or_create(user=user, organization=orgs[org_key], role=role)
        if province_codes:
            membership.provinces.set(Province.objects.filter(country_id="DZ", code__in=province_codes))
        users[username] = user
    context["users"] = users
    logins = context.setdefault("logins", [])
    logins.append(f"Demo logins (password: {DEMO_PASSWORD}):")
    for username, (role, org_key, _codes) in DEMO_USERS.items():
        logins.append(f"  {username:<18} {Role(role).label} — {orgs[org_key].name_fr}")
    logins.append("  holder             Project holder (portal) — ANSEJ Oran")
