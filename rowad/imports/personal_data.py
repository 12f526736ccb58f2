"""What in the imports app refers to a person: the rows that created them, the rows set
aside or rejected that carry their ID, phone, email or name, and the batches' files."""

from __future__ import annotations

import json

from django.db.models import Q, TextField
from django.db.models.functions import Cast
from django.utils.translation import gettext_lazy as _

from rowad.core.privacy import DELETE, KEEP, Declaration, register

from .models import ImportBatch, ImportProblem


def _forms(text: str) -> set[str]:
    """The text as typed and as the JSON of the database holds it (escaped)."""
    return {text, json.dumps(text)[1:-1]}


def problem_rows(person, found):
    identifiers = [v for v in (person.national_id, person.phone, person.phone_alt, person.email) if v]
    names = [n for n in (person.name_ar, person.name_latin) if len(n) >= 5]
    batches = ImportBatch.objects.filter(records__person=person.pk)
    rows = ImportProblem.objects.annotate(row_text=Cast("row", TextField()))
    q = Q(pk__in=[])
    for identifier in identifiers:
        q |= Q(value=identifier)
        for form in _forms(identifier):
            q |= Q(row_text__contains=form)
    for name in names:  # a name alone is not unique: only in the batches the person came from
        for form in _forms(name):
            q |= Q(batch__in=batches) & (Q(row_text__contains=form) | Q(value=name))
    return ImportProblem.objects.filter(pk__in=rows.filter(q).values("pk"))


register(
    Declaration(
        "imports.ImportedRecord",
        KEEP,
        person="person",
        export=("source", "key", "batch"),
        reason=_(
            "The source key of the row that created the record (no personal data) stays, "
            "so that importing the same file again does not re-create the erased person."
        ),
    ),
    Declaration(
        "imports.ImportProblem",
        DELETE,
        rows=problem_rows,
        export=("batch", "line", "kind", "column", "message", "value", "row"),
    ),
    Declaration(
        "imports.ImportBatch",
        KEEP,
        rows=lambda person, found: ImportBatch.objects.filter(records__person=person.pk).distinct(),
        export=("file_name", "created_at"),
        reason=_(
            "The file an import read is kept as received, as the evidence of that import; "
            "it still holds the person's row until the agency deletes the batch's file at "
            "the end of its retention period."
        ),
    ),
)
