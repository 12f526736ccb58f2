"""PDF documents (minutes, decision letters) rendered by WeasyPrint from templates, in the
reader's language, with fonts that shape Arabic (Amiri, Noto Naskh Arabic) and a QR code
as inline SVG (segno)."""

from __future__ import annotations

import segno
from django.conf import settings
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils.safestring import SafeString, mark_safe

from rowad.core.pdf import render_pdf, write_pdf

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
    return mark_safe(code.svg_inline(scale=3, border=2, dark="#000", light=None))  # nosec B308 B703


def verification_url(token: str) -> str:
    base = settings.ROWAD_PUBLIC_BASE_URL.rstrip("/")
    return base + reverse("committees:verify_letter", kwargs={"token": token})


# The letters and minutes are rendered like every HTML document (rowad/core/pdf.py).
__all__ = ["render_pdf"]


WARM_UP_HTML = (
    '<html lang="ar" dir="rtl"><body><p>قرار <b>اللجنة</b> 2026</p>'
    '<p dir="ltr">Décision <b>de la commission</b> 2026</p></body></html>'
)


def warm_up() -> None:
    """Import WeasyPrint and load the letters' fonts (the first PDF of a process pays about
    a second for them) before anyone asks for a letter: the web process calls it in a
    background thread when it starts (rowad/wsgi.py)."""
    style = render_to_string("committees/pdf/_style.html")
    write_pdf(WARM_UP_HTML.replace("<body>", style + "<body>"))
