"""Template filters of the financing app: `{% load financing %}{{ amount|money:currency }}`
is the shared `money` filter of `rowad_format` (one way to show an amount everywhere)."""

from django import template

from rowad.core.templatetags.rowad_format import money

register = template.Library()
register.filter("money", money)
