"""Direction of free text in PDFs: WeasyPrint ignores `unicode-bidi: isolate` and
`dir="auto"`, so user-entered text (titles, reasons, places) gets an explicit direction
from its first strong character."""

import unicodedata

from django import template
from django.utils.html import format_html

register = template.Library()


@register.filter
def text_dir(value) -> str:
    for char in str(value or ""):
        kind = unicodedata.bidirectional(char)
        if kind in ("R", "AL"):
            return "rtl"
        if kind == "L":
            return "ltr"
    return "ltr"


@register.filter
def dir_span(value):
    """The value, escaped, in a span carrying its own direction."""
    return format_html('<span dir="{}">{}</span>', text_dir(value), value)
