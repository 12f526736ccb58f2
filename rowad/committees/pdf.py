"""PDF documents (minutes, decision letters) rendered by WeasyPrint from templates, in the
reader's language, with fonts that shape Arabic (Amiri, Noto Naskh Arabic) and a QR code
as inline SVG (segno)."""

from __future__ import annotations

import functools
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


# What the letters and minutes need of WeasyPrint's user-agent stylesheet (which styles
# every HTML element, forms included, and is matched against each element of each PDF).
LEAN_UA = """
html, body, div, p, h1, h2, section, header, footer { display: block }
head, style, title, meta, script { display: none }
table { display: table; box-sizing: border-box; border-collapse: separate; border-spacing: 0 }
tbody { display: table-row-group } tr { display: table-row } td, th { display: table-cell }
b, strong, th, h1, h2 { font-weight: bold }
br::before { content: "\\A"; white-space: pre-line }
[dir="ltr"] { direction: ltr } [dir="rtl"] { direction: rtl }
p { margin: 1em 0 }
h1, h2 { break-after: avoid; break-inside: avoid }
"""


@functools.cache
def _weasyprint() -> tuple[Any, Any]:
    """The HTML class with the lean user-agent stylesheet and one font configuration for
    the process: each PDF no longer rebuilds them (see docs/benchmarks.md)."""
    from weasyprint import CSS, HTML  # slow import (~0.75 s): only when a PDF is asked for
    from weasyprint.text.fonts import FontConfiguration

    user_agent = CSS(string=LEAN_UA)

    class LeanHTML(HTML):
        def _ua_stylesheets(self, forms=False):
            return [user_agent]

        def _ph_stylesheets(self):
            return []

    return LeanHTML, FontConfiguration()


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    html_class, font_config = _weasyprint()
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return html_class(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config)


WARM_UP_HTML = (
    '<html lang="ar" dir="rtl"><body><p>قرار <b>اللجنة</b> 2026</p>'
    '<p dir="ltr">Décision <b>de la commission</b> 2026</p></body></html>'
)


def warm_up() -> None:
    """Import WeasyPrint and load the letters' fonts (the first PDF of a process pays about
    a second for them) before anyone asks for a letter: the web process calls it in a
    background thread when it starts (rowad/wsgi.py)."""
    html_class, font_config = _weasyprint()
    style = render_to_string("committees/pdf/_style.html")
    html = WARM_UP_HTML.replace("<body>", style + "<body>")
    html_class(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config)
