"""`{{ dossier.state|state_badge }}`: the badge classes of a dossier state (badges.py)."""

from django import template

from ..badges import state_badge_class

register = template.Library()


@register.filter
def state_badge(state: str) -> str:
    return state_badge_class(state)
