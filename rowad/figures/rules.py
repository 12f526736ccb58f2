"""Who may read the figures: directors, agency officers and organization administrators,
each for the provinces of those memberships (the engine scopes every number by them)."""

import rules

from rowad.accounts.rules import has_role

from .engine import READER_ROLES

can_read_figures = has_role(*READER_ROLES)

rules.add_perm("figures.read", can_read_figures)
