"""PDF documents (minutes, decision letters) rendered by WeasyPrint from templates, in the
reader's language, with fonts that shape Arabic (Amiri, Noto Naskh Arabic) and a QR code
as inline SVG (segno)."""

from __future__ import annotations

from typing import Any

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import translation
from django.utils.safestring import SafeString, mark_safe

PDF_LANGUAGES = ("ar", "fr")


def pdf_language(requested: str | None, fallback: str | None = None) -> str:
    """The document language: the one asked for if it is Arabic or French, else the
    fallback's (the interface language), else Arabic."""
    for candidate in (requested, fallback):
        code = (candidate or "")[:2]
        if code in PDF_LANGUAGES:
            return code
    return "ar"


def qr_svg(data: str) -> SafeString:
    """An inline SVG QR code (no XML declaration, dark modules only)."""
    code = segno.make(data, error="m", micro=False)
    return mark_safe(code.svg_inline(scale=3, border=2, dark="#000", light=None))


def verification_url(token: str) -> str:
    base = settings.ROWAD_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("committees:verify_letter", kwargs={"token": token})


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    from weasyprint import HTML  # slow import (~0.75 s): only when a PDF is asked for

    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return HTML(string=html, base_url=str(settings.BASE_DIR)).write_pdf()
