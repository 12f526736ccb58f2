"""Who may import people: those who may register them (agency officers, field agents)."""

import rules

from rowad.accounts.rules import has_role

from .queries import IMPORTERS

can_import_people = has_role(*IMPORTERS)

rules.add_perm("imports.view_importbatch", can_import_people)
rules.add_perm("imports.add_importbatch", can_import_people)
