"""Who may do what in the people registry. Object visibility itself is decided by
queries.people_visible_to (scope); these rules decide the action."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

from .queries import REGISTRY_READERS

can_view_people = has_role(*REGISTRY_READERS)
can_add_person = has_role(Role.AGENCY_OFFICER, Role.FIELD_AGENT)
can_change_person = has_role(Role.AGENCY_OFFICER, Role.FIELD_AGENT)
can_erase_person = has_role(Role.AGENCY_OFFICER)
can_export_person = has_role(Role.AGENCY_OFFICER)

rules.add_perm("people.view_person", can_view_people)
rules.add_perm("people.add_person", can_add_person)
rules.add_perm("people.change_person", can_change_person)
rules.add_perm("people.erase_person", can_erase_person)
rules.add_perm("people.export_person", can_export_person)

# Reviewing possible duplicates and merging people: agency officers.
can_review_duplicates = has_role(Role.AGENCY_OFFICER)
rules.add_perm("people.review_duplicates", can_review_duplicates)
