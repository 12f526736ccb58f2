"""What a sponsor officer reads of a dossier (issue 16): the sponsor sees the project, not
the holders' personal data. Their phones, identity numbers and uploaded documents are shown
to a reader who reaches the dossier only as a sponsor while the sponsor studies it — the
dossier is under study and its programme asks for the sponsor's sign-off
(`study.signoff_error`'s rule) — and never otherwise."""

from __future__ import annotations

from typing import Any

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .enums import DossierState
from .models import Dossier
from .queries import may_act_on


def sponsor_studies_now(dossier: Dossier) -> bool:
    return dossier.state == DossierState.UNDER_STUDY and dossier.programme.requires_sponsor_signoff


def personal_data_visible(user: Any, dossier: Dossier) -> bool:
    """The holders' phones, identity numbers and documents may be shown to `user`: they
    reach the dossier in a role other than sponsor (`rules.VIEWERS`, the holder), or the
    sponsor studies it now."""
    from .rules import VIEWERS

    if scope_for(user).is_platform_admin:
        return True
    others = tuple(r for r in (*VIEWERS, Role.PROJECT_HOLDER) if r != Role.SPONSOR_OFFICER)
    if may_act_on(user, dossier, others):
        return True
    return sponsor_studies_now(dossier) and not _a_holder_withdrew_sharing(user, dossier)


def _a_holder_withdrew_sharing(user: Any, dossier: Dossier) -> bool:
    """A holder withdrew their consent to share with the sponsor organization(s) through
    which `user` reads this dossier (people.queries.sharing_withdrawn, the one test)."""
    from rowad.people.queries import sharing_withdrawn

    sponsors = {g.organization_id for g in scope_for(user).grants_for(Role.SPONSOR_OFFICER)}
    sponsors &= set(dossier.programme.sponsors.values_list("pk", flat=True))
    return bool(sponsors) and dossier.holders.filter(sharing_withdrawn(sponsors)).exists()
