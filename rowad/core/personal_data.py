"""What in the core app refers to a person: the audit entries about them."""

from __future__ import annotations

from django.db.models import Q
from django.utils.translation import gettext_lazy as _

from .models import AuditEntry, AuditText
from .privacy import ANONYMISE, KEEP, Declaration, register


def audit_rows(person, found):
    """Entries about the person or about any record of theirs found by the other
    declarations (their dossiers, registrations, messages…)."""
    q = Q(object_type="people.person", object_id=str(person.pk))
    for label, pks in found.items():
        if pks and label not in ("core.auditentry", "core.audittext"):
            q |= Q(object_type=label, object_id__in=[str(pk) for pk in pks])
    return AuditEntry.objects.filter(q)


def audit_text_rows(person, found):
    return AuditText.objects.filter(entry_id__in=found.get("core.auditentry", []))


register(
    Declaration(
        "core.AuditEntry",
        KEEP,
        rows=audit_rows,
        export=("action", "object_type", "created_at", "data"),
        reason=_(
            "Which staff member did what and when stays accountable (the log of actions on "
            "public aid cannot be changed); it holds identifiers and codes, never names: "
            "the free texts written with it are erased."
        ),
        order=90,
    ),
    Declaration(
        "core.AuditText",
        ANONYMISE,
        rows=audit_text_rows,
        export=("texts",),
        scrub=("texts",),
        reason=_("The notes and reasons written with the log of actions stay, without the person's names."),
        order=91,
    ),
)
