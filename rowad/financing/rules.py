"""Who may use the financing pages. Which objects is decided by the queries
(lines_visible_to, lines_managed_by, lines_decided_by…), one membership each."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

from .queries import FUNDERS, MANAGERS, READERS

can_view_financing = has_role(*READERS, *FUNDERS)
can_manage_financing = has_role(*MANAGERS)
can_decide_financing = has_role(*MANAGERS, *FUNDERS)
can_view_own_financing = has_role(Role.PROJECT_HOLDER)

rules.add_perm("financing.view_financing", can_view_financing)
rules.add_perm("financing.manage_financing", can_manage_financing)
rules.add_perm("financing.decide_financing", can_decide_financing)
