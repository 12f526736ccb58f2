"""What in the core app refers to a person: the audit entries about them."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry
from .privacy import ANONYMISE, Declaration, register


def audit_rows(person, found):
    """Entries about the person or about any record of theirs found by the other
    declarations (their dossiers, registrations, messages…)."""
    q = Q(object_type="people.person", object_id=str(person.pk))
    for label, pks in found.items():
        if pks and label != "core.auditentry":
            q |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
    return AuditEntry.objects.filter(q)


register(
    Declaration(
        "core.AuditEntry",
        ANONYMISE,
        rows=audit_rows,
        export=("action", "object_type", "created_at", "data"),
        scrub=("data",),
        reason=_(
            "Which staff member did what and when stays accountable (the log of actions on "
            "public aid); the person's names and numbers are removed from its details."
        ),
        order=90,
    )
)
