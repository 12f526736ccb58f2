"""The personal-data export of a person: JSON (rowad.core.privacy.export) and a readable
PDF of the same content, in the person's language (WeasyPrint, Arabic shaped)."""

from __future__ import annotations

import json
import re
from datetime import datetime
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import timezone, translation

from rowad.core import privacy

from .models import Person

ARABIC = re.compile(r"[\u0600-\u06FF]")
PDF_LANGUAGES = ("ar", "fr", "en")


def export_json(person: Person) -> str:
    return json.dumps(privacy.export(person), ensure_ascii=False, indent=2, default=str)


ISO_DATETIME = re.compile(r"^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}")


def _text(value: Any) -> str:
    if value is None or value == "":
        return "—"
    if isinstance(value, str) and ISO_DATETIME.match(value):
        try:
            return timezone.localtime(datetime.fromisoformat(value)).strftime("%Y-%m-%d %H:%M")
        except ValueError:
            return value
    if isinstance(value, bool):
        return "✓" if value else "✗"
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False, default=str) if value else "—"
    return str(value)


def _sections(data: dict[str, Any]) -> list[dict[str, Any]]:
    """The export as rows of (label, text, direction) for the template."""
    sections = []
    for section in data["sections"]:
        records = []
        for record in section["records"]:
            rows = []
            for name, label in section["labels"].items():
                text = _text(record.get(name))
                rows.append({"label": label, "text": text, "dir": "rtl" if ARABIC.search(text) else "ltr"})
            records.append(rows)
        sections.append({"title": section["title"], "key": section["key"], "records": records})
    return sections


def export_pdf(person: Person) -> bytes:
    from weasyprint import HTML  # slow import (~0.75 s): only when a PDF is asked for

    data = privacy.export(person)
    language = data["language"] if data["language"] in PDF_LANGUAGES else "ar"
    with translation.override(language):
        html = render_to_string(
            "people/pdf/person_data.html",
            {
                "person": person,
                "sections": _sections(data),
                "generated_at": timezone.localtime(),
                "LANGUAGE_CODE": language,
            },
        )
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
