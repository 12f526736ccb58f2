"""How a figure's number is written on the figures pages: money with its currency (the
country read), every other unit as a count."""

from __future__ import annotations

from django import template

from ..charts import written
from ..engine import Figure
from ..indicators import REGISTRY

register = template.Library()


@register.filter
def figure_text(figure: Figure, country: str) -> str:
    indicator = REGISTRY.get(figure.indicator)
    return written(figure.value, indicator.unit if indicator else "", country)
