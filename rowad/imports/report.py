"""The downloadable error report (XLSX): line, column, reason, value, for every problem;
the rejected rows and the rows to review on one sheet, the warnings (people kept with a
field left empty) on another."""

from __future__ import annotations

import io

from django.utils.translation import gettext as _

from .enums import ProblemKind
from .models import ImportBatch


def error_report(batch: ImportBatch) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet(_("Problems"))
    sheet.append([_("line"), _("column"), _("reason"), _("value"), _("status")])
    for problem in batch.problems.exclude(kind=ProblemKind.WARNING).iterator(chunk_size=2000):
        sheet.append(
            [problem.line, problem.column, problem.reason, problem.value, problem.get_kind_display()]
        )
    warnings = workbook.create_sheet(_("Warnings"))
    warnings.append([_("line"), _("column"), _("reason"), _("value left out"), _("status")])
    for problem in batch.problems.filter(kind=ProblemKind.WARNING).iterator(chunk_size=2000):
        warnings.append(
            [problem.line, problem.column, problem.reason, problem.value, problem.get_kind_display()]
        )
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
