"""Labels of the codes a visit stores (difficulties and needs are lists of codes)."""

from django import template

from ..enums import Difficulty, Need

register = template.Library()

_DIFFICULTIES = dict(Difficulty.choices)
_NEEDS = dict(Need.choices)


@register.filter
def difficulty_label(code: str) -> str:
    return str(_DIFFICULTIES.get(code, code))


@register.filter
def need_label(code: str) -> str:
    return str(_NEEDS.get(code, code))
