"""Who may do what with dossiers. Which dossiers a user sees is decided by
queries.dossiers_visible_to (scope); these rules decide the action. Checked with a dossier
(`user.has_perm(perm, dossier)`), an action holds only when one membership holds an allowed
role AND reaches that dossier. Transitions are checked by services.actor_may against
workflow.TRANSITIONS."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import acts_on, has_role

from .queries import DOSSIER_READERS, may_act_on

VIEWERS = (*DOSSIER_READERS, Role.SPONSOR_OFFICER, Role.FUNDER_OFFICER, Role.COMMITTEE_MEMBER)
CREATORS = (Role.AGENCY_OFFICER, Role.FIELD_AGENT)
EDITORS = (Role.AGENCY_OFFICER,)
UPLOADERS = (Role.AGENCY_OFFICER, Role.FIELD_AGENT)
STUDIERS = (Role.AGENCY_OFFICER,)
MOVERS = (Role.AGENCY_OFFICER, Role.COMMITTEE_MEMBER)


def _reaches_dossier(user, dossier, roles) -> bool:
    return may_act_on(user, dossier, roles)


can_view_dossiers = acts_on(*VIEWERS, reach=_reaches_dossier)
can_add_dossier = has_role(*CREATORS)
can_change_dossier = acts_on(*EDITORS, reach=_reaches_dossier)
can_upload_document = acts_on(*UPLOADERS, reach=_reaches_dossier)
can_study_dossier = acts_on(*STUDIERS, reach=_reaches_dossier)
# A membership holding a moving role reaches the dossier; which transition it may make
# is services.actor_may's.
can_move_dossier = acts_on(*MOVERS, reach=_reaches_dossier)
# Holders read their own documents (the portal links here); scope decides which.
can_download_document = acts_on(*VIEWERS, Role.PROJECT_HOLDER, reach=_reaches_dossier)

# Internal notes: agency officers only (the holder, sponsors and funders never read them).
NOTE_KEEPERS = (Role.AGENCY_OFFICER,)
can_keep_internal_notes = acts_on(*NOTE_KEEPERS, reach=_reaches_dossier)

# Specifications: read by the staff who study, sponsor or direct; written by a sponsor
# officer or an agency officer (which programme: specifications.may_write, one membership).
SPECIFICATION_READERS = (Role.AGENCY_OFFICER, Role.SPONSOR_OFFICER, Role.DIRECTOR, Role.COMMITTEE_MEMBER)
can_view_specifications = has_role(*SPECIFICATION_READERS)
can_write_specifications = has_role(Role.AGENCY_OFFICER, Role.SPONSOR_OFFICER)
# The sponsor's sign-off of a study (which dossier: study.may_sign_off, one membership).
can_sign_off_study = has_role(Role.SPONSOR_OFFICER)

rules.add_perm("dossiers.view_dossier", can_view_dossiers)
rules.add_perm("dossiers.view_specification", can_view_specifications)
rules.add_perm("dossiers.write_specification", can_write_specifications)
rules.add_perm("dossiers.sign_off_study", can_sign_off_study)
rules.add_perm("dossiers.add_dossier", can_add_dossier)
rules.add_perm("dossiers.change_dossier", can_change_dossier)
rules.add_perm("dossiers.upload_document", can_upload_document)
rules.add_perm("dossiers.study_dossier", can_study_dossier)
rules.add_perm("dossiers.move_dossier", can_move_dossier)
rules.add_perm("dossiers.download_document", can_download_document)
rules.add_perm("dossiers.internal_notes", can_keep_internal_notes)
