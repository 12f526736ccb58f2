"""Rendering a template to PDF with WeasyPrint, the same way for every document of
HTML markup (decision letters and minutes, the figures report): a lean user-agent
stylesheet (WeasyPrint's own styles every HTML element, forms included, and is matched
against each element of each PDF) and one font configuration per process."""

from __future__ import annotations

import functools
from typing import Any

from django.conf import settings
from django.template.loader import render_to_string
from django.utils import translation

# What the documents' markup needs of WeasyPrint's user-agent stylesheet.
LEAN_UA = """
html, body, div, p, h1, h2, h3, section, header, footer, figure { display: block }
head, style, title, meta, script { display: none }
table { display: table; box-sizing: border-box; border-collapse: separate; border-spacing: 0 }
thead { display: table-header-group } tbody { display: table-row-group }
tr { display: table-row } td, th { display: table-cell }
b, strong, th, h1, h2, h3 { font-weight: bold }
br::before { content: "\\A"; white-space: pre-line }
[dir="ltr"] { direction: ltr } [dir="rtl"] { direction: rtl }
p { margin: 1em 0 }
h1, h2, h3 { break-after: avoid; break-inside: avoid }
"""


@functools.cache
def lean_weasyprint() -> tuple[Any, Any]:
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


def write_pdf(html: str) -> bytes:
    html_class, font_config = lean_weasyprint()
    return html_class(string=html, base_url=str(settings.BASE_DIR)).write_pdf(font_config=font_config)


def render_pdf(template: str, context: dict[str, Any], *, language: str) -> bytes:
    with translation.override(language):
        html = render_to_string(template, {**context, "LANGUAGE_CODE": language})
    return write_pdf(html)
