"""Who may do what in outreach. Which campaigns, stops and events a user sees is decided
by queries (scope); these rules decide the action."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

from .queries import REGISTRATION_READERS

R = Role
OUTREACH_VIEWERS = (R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.SPONSOR_OFFICER, R.FIELD_AGENT)

can_view_outreach = has_role(*OUTREACH_VIEWERS)
can_manage_outreach = has_role(R.AGENCY_OFFICER)
can_capture = has_role(R.AGENCY_OFFICER, R.FIELD_AGENT)
can_view_registrations = has_role(*REGISTRATION_READERS)
can_export_registrations = has_role(R.AGENCY_OFFICER, R.DIRECTOR)
can_decide_idea = has_role(R.AGENCY_OFFICER, R.ASSOCIATION_REP)

rules.add_perm("outreach.view_campaign", can_view_outreach)
rules.add_perm("outreach.view_figures", can_view_outreach)
rules.add_perm("outreach.manage_campaign", can_manage_outreach)
rules.add_perm("outreach.capture", can_capture)
rules.add_perm("outreach.view_registration", can_view_registrations)
rules.add_perm("outreach.export_registration", can_export_registrations)
rules.add_perm("outreach.decide_idea", can_decide_idea)
