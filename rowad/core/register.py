"""The register of processing activities (issue 18, item 8), generated from the code, for
the declaration to the data-protection authority (ANPDP in Algeria, law 18-07; CNDP in
Morocco, law 09-08).

Each purpose of processing is declared once (`declare_purpose`, from an app's
`personal_data.py`): its legal basis, the categories of data, the apps whose personal-data
declarations (`rowad.core.privacy`) hold its records, and its internal recipients. The
partner organizations that actually receive data are read from the database by a provider
a higher app hands over (`provide_recipients`; people does it). Retention is per data
category, in days, from the settings `ROWAD_RETENTION_<CATEGORY>_DAYS` (the retention job
reads the same `retention_days`).

This module knows no app: the apps register into it."""

from __future__ import annotations

import io
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any

from django.conf import settings
from django.db import models
from django.utils import timezone, translation
from django.utils.translation import gettext_lazy as _

from . import privacy
from .spreadsheets import neutralise

REGISTER_LANGUAGES = ("ar", "fr")


class LegalBasis(models.TextChoices):
    """Lawful grounds of law 18-07 (art. 7) and law 09-08 (art. 4)."""

    CONSENT = "consent", _("Consent of the person")
    CONTRACT = "contract", _("Steps taken at the person's request before or under a contract")
    LEGAL_OBLIGATION = "legal_obligation", _("Legal obligation of the controller")
    PUBLIC_MISSION = "public_mission", _("Task carried out in the public interest")


class DataCategory(models.TextChoices):
    IDENTITY = "identity", _("Identity (names, national ID, birth date, sex)")
    CONTACT = "contact", _("Contact details (phones, email, address)")
    EDUCATION = "education", _("Education and employment")
    SENSITIVE = "sensitive", _("Target categories (sensitive)")
    PROJECT = "project", _("Project files and their documents")
    FINANCIAL = "financial", _("Financing, loans and repayments")
    ENTERPRISE = "enterprise", _("Enterprise, follow-up and market work")
    TRAINING = "training", _("Training and results")
    MESSAGES = "messages", _("Messages sent")
    CONSENT = "consent", _("Consents and their withdrawals")
    PHOTOS = "photos", _("Photos and testimonies")
    ACCOUNT = "account", _("Portal account and log-in")


# Days after the end of the relationship (the last activity of the record). The settings
# ROWAD_RETENTION_<CATEGORY>_DAYS override them (environment variables of the same name).
RETENTION_DEFAULTS: dict[str, int] = {
    DataCategory.IDENTITY: 3650,
    DataCategory.CONTACT: 1825,
    DataCategory.EDUCATION: 1825,
    DataCategory.SENSITIVE: 1825,
    DataCategory.PROJECT: 3650,
    DataCategory.FINANCIAL: 3650,
    DataCategory.ENTERPRISE: 3650,
    DataCategory.TRAINING: 3650,
    DataCategory.MESSAGES: 365,
    DataCategory.CONSENT: 3650,
    DataCategory.PHOTOS: 1095,
    DataCategory.ACCOUNT: 730,
}


def retention_setting(category: str) -> str:
    return f"ROWAD_RETENTION_{category.upper()}_DAYS"


def retention_days(category: str) -> int:
    """How long data of `category` is kept, in days (settings, else the default)."""
    return int(getattr(settings, retention_setting(category), RETENTION_DEFAULTS[category]))


@dataclass(frozen=True)
class ProcessingPurpose:
    """One purpose of processing, as the register lists it."""

    code: str
    name: Any
    legal_basis: str
    categories: tuple[str, ...]
    apps: tuple[str, ...]
    recipients: tuple[Any, ...] = ()
    # The consent purpose (people.ConsentRecord.Purpose) when the basis is consent.
    consent_purpose: str = ""
    # Roles whose organizations receive this purpose's data (partner recipients).
    partner_roles: tuple[str, ...] = ()
    order: int = 50


_PURPOSES: dict[str, ProcessingPurpose] = {}
_recipient_providers: list[Callable[[ProcessingPurpose], Iterable[str]]] = []


def declare_purpose(*purposes: ProcessingPurpose) -> None:
    for purpose in purposes:
        unknown = set(purpose.categories) - set(DataCategory.values)
        if unknown or purpose.legal_basis not in LegalBasis.values:
            raise ValueError(
                f"{purpose.code}: unknown category or legal basis {unknown or purpose.legal_basis}"
            )
        _PURPOSES[purpose.code] = purpose


def purposes() -> list[ProcessingPurpose]:
    return sorted(_PURPOSES.values(), key=lambda p: (p.order, p.code))


def provide_recipients(provider: Callable[[ProcessingPurpose], Iterable[str]]) -> None:
    """Register who, outside the agency, receives a purpose's data: `provider(purpose)`
    gives organization names (people hands over the partners reading the database)."""
    if provider not in _recipient_providers:
        _recipient_providers.append(provider)


def _records_of(purpose: ProcessingPurpose) -> list[dict[str, Any]]:
    """The declared models of the purpose's apps, with their exported fields."""
    rows = []
    for declaration in privacy.declarations():
        model = declaration.model_class
        if model._meta.app_label not in purpose.apps:
            continue
        fields = []
        for name in declaration.export:
            try:
                fields.append(str(model._meta.get_field(name).verbose_name))
            except Exception:  # a property exported by name
                fields.append(name)
        rows.append(
            {"model": str(model._meta.verbose_name_plural), "fields": fields, "erase": declaration.erase}
        )
    return rows


def build() -> list[dict[str, Any]]:
    """The register in the active language: one entry per purpose."""
    entries = []
    for purpose in purposes():
        partners = sorted({name for provider in _recipient_providers for name in provider(purpose)})
        entries.append(
            {
                "code": purpose.code,
                "name": str(purpose.name),
                "legal_basis": str(LegalBasis(purpose.legal_basis).label),
                "categories": [
                    {
                        "code": c,
                        "label": str(DataCategory(c).label),
                        "days": retention_days(c),
                        "setting": retention_setting(c),
                    }
                    for c in purpose.categories
                ],
                "records": _records_of(purpose),
                "recipients": [str(r) for r in purpose.recipients],
                "partners": partners,
            }
        )
    return entries


def register_context(language: str) -> dict[str, Any]:
    with translation.override(language):
        return {"entries": build(), "generated_at": timezone.localtime(), "language": language}


def render_register_pdf(language: str) -> bytes:
    from .pdf import render_pdf

    with translation.override(language):
        context = {"entries": build(), "generated_at": timezone.localtime()}
    return render_pdf("core/pdf/register.html", context, language=language)


def render_register_xlsx(language: str) -> bytes:
    """One sheet, one row per purpose and data category; every cell neutralised."""
    from openpyxl import Workbook
    from openpyxl.styles import Alignment, Font

    with translation.override(language):
        headers = [
            str(_("Purpose of processing")),
            str(_("Legal basis")),
            str(_("Data category")),
            str(_("Retention (days)")),
            str(_("Records")),
            str(_("Internal recipients")),
            str(_("Partner organizations")),
        ]
        entries = build()
        title = str(_("Processing register"))
    workbook = Workbook()
    sheet = workbook.active
    sheet.title = title[:31]
    sheet.sheet_view.rightToLeft = language == "ar"
    sheet.append([neutralise(h) for h in headers])
    for cell in sheet[1]:
        cell.font = Font(bold=True)
    for entry in entries:
        records = "\n".join(f"{r['model']}: {', '.join(r['fields'])}" for r in entry["records"])
        for category in entry["categories"]:
            row = [
                entry["name"],
                entry["legal_basis"],
                category["label"],
                category["days"],
                records,
                ", ".join(entry["recipients"]),
                ", ".join(entry["partners"]),
            ]
            sheet.append([neutralise(value) for value in row])
    for column, width in zip("ABCDEFG", (40, 30, 36, 12, 60, 36, 40), strict=True):
        sheet.column_dimensions[column].width = width
    for row in sheet.iter_rows(min_row=2):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    buffer = io.BytesIO()
    workbook.save(buffer)
    return buffer.getvalue()
