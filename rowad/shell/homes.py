"""Each role's home: the work queues its apps hand over (`rowad.core.queues`)."""

from __future__ import annotations

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.queues import QueueContext, RoleHome, providers_for

# The order in which a person holding several roles reads their homes.
ROLE_ORDER = [
    Role.FIELD_AGENT,
    Role.AGENCY_OFFICER,
    Role.COMMITTEE_MEMBER,
    Role.TRAINER,
    Role.MENTOR,
    Role.SPONSOR_OFFICER,
    Role.FUNDER_OFFICER,
    Role.ASSOCIATION_REP,
    Role.DIRECTOR,
    Role.ORG_ADMIN,
    Role.PLATFORM_ADMIN,
]


def homes_for(user) -> list[RoleHome]:
    """One block per role the user holds, each with that role's queues in their order."""
    scope = scope_for(user)
    today = timezone.localdate()
    names = {m.organization_id: str(m.organization) for m in user.memberships.select_related("organization")}
    homes = []
    for role in ROLE_ORDER:
        grants = scope.grants_for(role)
        if not grants:
            continue
        context = QueueContext(user=user, role=role, grants=grants, today=today)
        queues = [q for provider in providers_for(role) if (q := provider(context)) is not None]
        queues.sort(key=lambda q: q.order)
        organizations = sorted({names.get(g.organization_id, "") for g in grants})
        homes.append(
            RoleHome(role=role, role_label=Role(role).label, organizations=organizations, queues=queues)
        )
    return homes
