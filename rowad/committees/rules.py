"""Who may do what with scoring and committees. Which objects is decided by queries
(sessions_visible_to, sessions_managed_by, evaluations_visible_to, letters_visible_to)."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

can_view_sessions = has_role(Role.AGENCY_OFFICER, Role.DIRECTOR, Role.COMMITTEE_MEMBER)
can_add_session = has_role(Role.AGENCY_OFFICER)
can_run_session = has_role(Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER)
can_view_scores = has_role(Role.AGENCY_OFFICER, Role.DIRECTOR, Role.COMMITTEE_MEMBER)
can_assign_evaluators = has_role(Role.AGENCY_OFFICER)
can_view_decision = has_role(Role.AGENCY_OFFICER, Role.DIRECTOR, Role.COMMITTEE_MEMBER)
can_manage_delegations = has_role(Role.AGENCY_OFFICER)
can_evaluate = has_role(Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER, Role.DIRECTOR)

# Scoring grids: which programme is decided by services.may_manage_grid (one membership).
can_manage_grids = has_role(Role.AGENCY_OFFICER)

rules.add_perm("committees.view_committeesession", can_view_sessions)
rules.add_perm("committees.manage_grid", can_manage_grids)
rules.add_perm("committees.add_committeesession", can_add_session)
rules.add_perm("committees.run_committeesession", can_run_session)
rules.add_perm("committees.view_scores", can_view_scores)
rules.add_perm("committees.assign_evaluator", can_assign_evaluators)
rules.add_perm("committees.view_evaluation", can_evaluate)
rules.add_perm("committees.view_decision", can_view_decision)
rules.add_perm("committees.manage_delegations", can_manage_delegations)
