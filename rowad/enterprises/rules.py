"""Who may use the enterprise pages. Which objects is decided by the queries
(enterprises_visible_to, enterprises_managed_by, enterprises_accompanied_by…), one
membership each."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

from .queries import ACCOMPANIERS, MANAGERS, MENTORS, READERS

can_view_enterprises = has_role(*READERS, *MENTORS)
can_manage_enterprises = has_role(*MANAGERS)
can_accompany = has_role(*ACCOMPANIERS)
can_view_own_enterprise = has_role(Role.PROJECT_HOLDER)

rules.add_perm("enterprises.view_enterprises", can_view_enterprises)
rules.add_perm("enterprises.manage_enterprises", can_manage_enterprises)
rules.add_perm("enterprises.accompany", can_accompany)
