"""Who may use the training pages. Which objects is decided by the queries
(courses_managed_by, cohorts_managed_by, cohorts_taught_by…), one membership each."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

from .queries import MANAGERS, READERS

can_view_training = has_role(*READERS, Role.TRAINER)
can_manage_training = has_role(*MANAGERS)
can_teach = has_role(Role.TRAINER)

rules.add_perm("training.view_training", can_view_training)
rules.add_perm("training.manage_training", can_manage_training)
rules.add_perm("training.teach", can_teach)
