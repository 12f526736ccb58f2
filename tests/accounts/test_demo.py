import io

import pytest

from rowad.accounts import demo as accounts_demo
from rowad.accounts.enums import Role
from rowad.accounts.models import Membership
from rowad.core.models import AuditEntry
from rowad.partners import demo as partners_demo

pytestmark = pytest.mark.integration


def test_demo_has_an_organization_administrator_for_oran(db):
    context = {"stdout": io.StringIO()}
    partners_demo.load(context)
    accounts_demo.load(context)
    accounts_demo.load(context)  # idempotent

    membership = Membership.objects.get(user__username="orgadmin")
    assert (membership.role, membership.organization, membership.is_active) == (
        Role.ORG_ADMIN,
        context["orgs"]["ansej_oran"],
        True,
    )
    assert membership.user.check_password(accounts_demo.DEMO_PASSWORD)
    assert any(line.strip().startswith("orgadmin") for line in context["logins"])
    # Created through the services: audited once, not twice.
    assert (
        AuditEntry.objects.filter(action="accounts.user.created", object_id=str(membership.user_id)).count()
        == 1
    )
    assert (
        AuditEntry.objects.filter(action="accounts.membership.added", object_id=str(membership.pk)).count()
        == 1
    )
