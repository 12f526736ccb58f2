import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role, is_staff_member

can_view_partners = is_staff_member
can_manage_partners = has_role(Role.AGENCY_OFFICER)

for model in ("organization", "agreement", "programme"):
    rules.add_perm(f"partners.view_{model}", can_view_partners)
    rules.add_perm(f"partners.add_{model}", can_manage_partners)
    rules.add_perm(f"partners.change_{model}", can_manage_partners)
