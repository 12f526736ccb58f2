"""Who writes a programme's scoring grid: an agency officer whose membership is in the
programme's operator (role and organization from the same membership). The write itself
is `scoring.save_grid`."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for


def programmes_with_grids_managed_by(user: Any) -> QuerySet:
    """Programmes whose grid `user` writes, among those they see."""
    from rowad.partners import queries as partner_queries

    programmes = partner_queries.programmes_visible_to(user)
    condition = scope_for(user).reach_q(Role.AGENCY_OFFICER, organization="operator_id")
    return programmes.filter(condition)


def may_manage_grid(user: Any, programme: Any) -> bool:
    return scope_for(user).reaches(Role.AGENCY_OFFICER, organization_id=programme.operator_id)
