"""Who may handle people's requests about their data: an agency officer, through the
membership that reaches the person (their province, or the organization that registered
them) — the role and the scope of the same membership. A project holder files their own."""

from __future__ import annotations

from typing import Any

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import acts_on, has_role
from rowad.accounts.scope import scope_for

from .queries import HANDLERS


def _person_reach(user: Any, request: Any, roles: tuple[str, ...]) -> bool:
    person = request.person
    return scope_for(user).reaches(
        *roles, province_id=person.province_id, organization_id=person.organization_id
    )


can_view_queue = has_role(*HANDLERS)
can_handle_request = acts_on(*HANDLERS, reach=_person_reach)

rules.add_perm("protection.view_queue", can_view_queue)
rules.add_perm("protection.handle_request", can_handle_request)

can_file_request = has_role(Role.PROJECT_HOLDER)
rules.add_perm("protection.file_request", can_file_request)
