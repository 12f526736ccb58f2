"""What in the dossiers app refers to a person: the dossiers they hold and everything in
them. A dossier held with others keeps its texts (only this person's names and numbers
are scrubbed out) and its documents; a dossier the person held alone loses its texts
and its uploaded files (ID copies, certificates)."""

from __future__ import annotations

from django.db.models import Exists, OuterRef
from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import ANONYMISE, DELETE, ERASED, KEEP, Declaration, register, scrub

from .models import DocumentVersion, Dossier, DossierHolder

TEXTS = ("title", "idea", "revision_request")


def sole_dossiers(person):
    """Dossiers of `person` with no other holder whose data is still there."""
    others = DossierHolder.objects.filter(dossier=OuterRef("pk"), person__erased_at__isnull=True).exclude(
        person=person.pk
    )
    return Dossier.objects.filter(holders=person.pk).exclude(Exists(others))


def _erase_dossiers(rows, person, needles) -> None:
    sole = set(sole_dossiers(person).values_list("pk", flat=True))
    historical = Dossier.history.model
    tracked = {f.name for f in historical._meta.concrete_fields}
    for dossier in rows:
        changed = {"eligibility": scrub(dossier.eligibility, needles)}
        if dossier.pk in sole:
            changed.update(title=ERASED, idea="", revision_request="")
        else:
            changed.update({name: scrub(getattr(dossier, name), needles) for name in TEXTS})
        Dossier.objects.filter(pk=dossier.pk).update(**changed)
        for past in historical.objects.filter(id=dossier.pk):
            past_changed = {
                name: changed[name] if dossier.pk in sole else scrub(getattr(past, name), needles)
                for name in TEXTS
                if name in tracked
            }
            if "eligibility" in tracked:
                past_changed["eligibility"] = scrub(past.eligibility, needles)
            historical.objects.filter(pk=past.pk).update(**past_changed)


ADMINISTRATIVE_TRAIL = _(
    "The decisions taken on a request for public aid (states, dates, staff assessments) "
    "stay on record for the agency's accountability and audits; the person's names and "
    "numbers are removed from their texts."
)

register(
    Declaration(
        "dossiers.Dossier",
        ANONYMISE,
        person="holders",
        export=(
            "reference",
            "title",
            "idea",
            "programme",
            "specialty",
            "sector",
            "legal_form",
            "province",
            "investment",
            "state",
            "eligibility_outcome",
            "revision_request",
            "created_at",
            "submitted_at",
            "decided_at",
        ),
        erase_with=_erase_dossiers,
        reason=_(
            "The dossier stays (programme, province, amounts, state) for the programme's "
            "figures and the audit of public aid; its texts are erased, and its eligibility "
            "lines no longer name the person."
        ),
    ),
    Declaration(
        "dossiers.DossierHolder",
        KEEP,
        person="person",
        export=("dossier", "is_lead", "added_at"),
        reason=_("The link between the dossier and the anonymous record (no personal data)."),
    ),
    Declaration(
        "dossiers.FinancingLine",
        KEEP,
        person="dossier__holders",
        export=("dossier", "kind", "funder", "amount"),
        reason=_(
            "Financing plans of public aid (amounts, funders) are accounting records the "
            "agency must keep for its retention period; they hold no name."
        ),
    ),
    Declaration(
        "dossiers.DossierDocument",
        KEEP,
        person="dossier__holders",
        export=("dossier", "document_type", "created_at"),
        reason=_("Which documents the dossier had (their files are deleted, see the document versions)."),
    ),
    Declaration(
        "dossiers.DocumentVersion",
        DELETE,
        rows=lambda person, found: DocumentVersion.objects.filter(
            document__dossier__in=sole_dossiers(person)
        ),
        export=("number", "original_name", "content_type", "size", "uploaded_at"),
        files=("file",),
    ),
    Declaration(
        "dossiers.StateChange",
        ANONYMISE,
        person="dossier__holders",
        export=("dossier", "from_state", "to_state", "note", "created_at"),
        scrub=("note",),
        reason=ADMINISTRATIVE_TRAIL,
    ),
    Declaration(
        "dossiers.InternalNote",
        ANONYMISE,
        person="dossier__holders",
        export=("dossier", "body", "created_at"),
        scrub=("body",),
        reason=ADMINISTRATIVE_TRAIL,
    ),
    Declaration(
        "dossiers.Study",
        ANONYMISE,
        person="dossier__holders",
        export=("dossier", "result", "opinion", "completed_at"),
        scrub=("opinion",),
        reason=ADMINISTRATIVE_TRAIL,
    ),
    Declaration(
        "dossiers.StudyCheck",
        ANONYMISE,
        person="study__dossier__holders",
        export=("item", "status", "evidence"),
        scrub=("evidence",),
        reason=ADMINISTRATIVE_TRAIL,
    ),
)
