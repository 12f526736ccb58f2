"""Who may do what in the people registry. Object visibility itself is decided by
queries.people_visible_to (scope); these rules decide the action. Checked with a person
(`user.has_perm(perm, person)`), an action holds only when one membership holds an allowed
role AND reaches the person (their province among its provinces, or its organization)."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import acts_on, has_role

from .queries import REGISTRY_READERS

EDITORS = (Role.AGENCY_OFFICER, Role.FIELD_AGENT)
OFFICERS = (Role.AGENCY_OFFICER,)
# Who sees a person's sensitive attributes (people.sensitive.SENSITIVE_FIELDS: the target
# categories, e.g. child of a former resistance member, person with a disability): the
# officers who check eligibility and the committee members who decide, for the people
# their membership reaches. Field agents, mentors, trainers, sponsors, funders and
# directors do not (a field agent may tick them when registering someone, without
# seeing them afterwards).
SENSITIVE_READERS = (Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER)

can_view_people = has_role(*REGISTRY_READERS)
can_add_person = has_role(*EDITORS)
can_change_person = acts_on(*EDITORS)
can_erase_person = acts_on(*OFFICERS)
can_export_person = acts_on(*OFFICERS)
can_view_sensitive = acts_on(*SENSITIVE_READERS)

rules.add_perm("people.view_person", can_view_people)
rules.add_perm("people.add_person", can_add_person)
rules.add_perm("people.change_person", can_change_person)
rules.add_perm("people.erase_person", can_erase_person)
rules.add_perm("people.export_person", can_export_person)
rules.add_perm("people.view_sensitive_person", can_view_sensitive)

# Reviewing possible duplicates and merging people: agency officers (both people reached
# by their officer memberships: duplicates.candidates_visible_to).
can_review_duplicates = has_role(*OFFICERS)
rules.add_perm("people.review_duplicates", can_review_duplicates)

# The processing register (rowad.core.register), for the declaration to the
# data-protection authority: directors and organization administrators.
REGISTER_READERS = (Role.DIRECTOR, Role.ORG_ADMIN)
can_view_processing_register = has_role(*REGISTER_READERS)
rules.add_perm("people.view_processing_register", can_view_processing_register)
