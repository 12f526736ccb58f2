"""Who may use the market pages. Which objects is decided by the queries (one membership
each: orders_visible_to, orders_managed_by, orders_reviewed_by, enterprises_of_holder…)."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import has_role

from .queries import ORDER_MANAGERS, READERS, SPONSORS

can_view_market = has_role(*READERS)
can_manage_orders = has_role(*ORDER_MANAGERS)
can_review_work = has_role(*SPONSORS)
can_use_market_portal = has_role(Role.PROJECT_HOLDER)

rules.add_perm("market.view_market", can_view_market)
rules.add_perm("market.manage_orders", can_manage_orders)
rules.add_perm("market.review_work", can_review_work)
rules.add_perm("market.use_portal", can_use_market_portal)
