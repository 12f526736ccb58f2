"""A person's sensitive attributes: who may see them, the log of each read, and the list
the person is shown of who consulted them.

The target categories (a child of a former resistance or liberation-army member, a
person with a disability…) are shown only to `rules.SENSITIVE_READERS` for the people
their membership reaches (`people.view_sensitive_person`), and every page or API answer
that shows them writes a `people.person.sensitive_read` audit entry: the reader, when,
the person, through what (page, form, API, export), and the role and organization of the
membership that allowed it. The person sees those reads on the portal by role and
organization, not by the staff member's name (the agency answers for its staff; naming
them would expose the staff to pressure — the names stay in the audit trail for the
data-protection officer)."""

from __future__ import annotations

from typing import Any

from django.db import transaction

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.core.audit import record_action
from rowad.core.models import AuditEntry
from rowad.partners.models import Organization

from .rules import SENSITIVE_READERS

SENSITIVE_FIELDS = ("target_categories",)
READ_ACTION = "people.person.sensitive_read"
PERMISSION = "people.view_sensitive_person"


def may_see(user: Any, person: Any) -> bool:
    return bool(user.is_authenticated and user.has_perm(PERMISSION, person))


def _grant(user: Any, person: Any):
    """The membership that allows the read (the first reaching the person)."""
    scope = scope_for(user)
    for grant in scope.grants_for(*SENSITIVE_READERS):
        if grant.reaches(province_id=person.province_id, organization_id=person.organization_id):
            return grant
    return None


def record_read(person: Any, *, actor: Any, via: str) -> None:
    """Log that `actor` was shown `person`'s sensitive attributes through `via`."""
    grant = _grant(actor, person)
    with transaction.atomic():
        record_action(
            READ_ACTION,
            person,
            actor=actor,
            via=via,
            fields=list(SENSITIVE_FIELDS),
            role=grant.role if grant else "platform_admin",
            organization=grant.organization_id if grant else None,
        )


def shown_to(user: Any, person: Any, *, via: str) -> bool:
    """True (and the read logged) when `user` may see `person`'s sensitive attributes."""
    if not may_see(user, person):
        return False
    record_read(person, actor=user, via=via)
    return True


def without_sensitive_changes(rows: list[dict], person: Any) -> list[dict]:
    """History rows less the changes of sensitive fields (for readers who may not see them)."""
    labels = {str(person._meta.get_field(name).verbose_name) for name in SENSITIVE_FIELDS}
    kept = []
    for row in rows:
        changes = [c for c in row["changes"] if c["field"] not in labels]
        if row["changes"] and not changes:
            continue
        kept.append({**row, "changes": changes})
    return kept


def reads_of(person: Any, *, limit: int = 100) -> list[dict[str, Any]]:
    """Who consulted `person`'s sensitive attributes: when, role, organization, through what."""
    entries = list(
        AuditEntry.objects.filter(action=READ_ACTION, object_type="people.person", object_id=str(person.pk))
        .order_by("-seq")
        .values("created_at", "data")[:limit]
    )
    ids = {e["data"].get("organization") for e in entries} - {None}
    names = {o.pk: str(o) for o in Organization.objects.filter(pk__in=ids)}
    roles = dict(Role.choices)
    return [
        {
            "when": e["created_at"],
            "role": roles.get(e["data"].get("role", ""), ""),
            "organization": names.get(e["data"].get("organization"), ""),
            "via": e["data"].get("via", ""),
        }
        for e in entries
    ]
