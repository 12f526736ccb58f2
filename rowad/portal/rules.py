"""Who may do what in the portal. Holders act on their own data only (queries decide
which); officers handle erasure requests of people in their scope."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

can_use_portal = has_role(Role.PROJECT_HOLDER)
can_handle_erasure = has_role(Role.AGENCY_OFFICER)

rules.add_perm("portal.use_portal", can_use_portal)
rules.add_perm("portal.handle_erasure", can_handle_erasure)
