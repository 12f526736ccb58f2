"""Staff pages: organization administrators of the Oran agency (and platform admins)
manage its staff; nobody else. The mailed-link pages are public."""

from rowad.accounts.enums import Role
from tests.factories import MembershipFactory, UserFactory
from tests.matrix.base import ALL_ROLES, Expect

MANAGERS = frozenset({Role.ORG_ADMIN})
DONE = frozenset({302})


def build(world) -> None:
    member = UserFactory(username="zzstaff-oran-target", email="target@example.org")
    membership = MembershipFactory(user=member, organization=world.oran_agency, role=Role.FIELD_AGENT)
    world.objects.update(
        staff_member=member,
        staff_membership=membership,
        foreign_member=world.outsider,
        foreign_membership=world.outsider.memberships.get(),
    )


def _obj(key):
    return lambda w: {"pk": w.objects[key].pk}


def _hidden(w):
    return w.outsider.username


MEMBER, MEMBER_OUT = _obj("staff_member"), _obj("foreign_member")
MEMBERSHIP, MEMBERSHIP_OUT = _obj("staff_membership"), _obj("foreign_membership")
BAD_LINK = {"uidb64": "MQ", "token": "bad-token"}

EXPECTATIONS = {
    "accounts:staff_list": Expect(allowed=MANAGERS, hidden_text=_hidden),
    "accounts:staff_invite": Expect(allowed=MANAGERS),
    "accounts:staff_detail": Expect(allowed=MANAGERS, kwargs=MEMBER, out_of_scope_kwargs=MEMBER_OUT),
    "accounts:membership_add": Expect(allowed=MANAGERS, kwargs=MEMBER, out_of_scope_kwargs=MEMBER_OUT),
    "accounts:membership_edit": Expect(
        allowed=MANAGERS, kwargs=MEMBERSHIP, out_of_scope_kwargs=MEMBERSHIP_OUT
    ),
    "accounts:membership_end": Expect(
        allowed=MANAGERS, kwargs=MEMBERSHIP, out_of_scope_kwargs=MEMBERSHIP_OUT, method="post", ok_status=DONE
    ),
    "accounts:staff_deactivate": Expect(
        allowed=MANAGERS, kwargs=MEMBER, out_of_scope_kwargs=MEMBER_OUT, method="post", ok_status=DONE
    ),
    "accounts:staff_reactivate": Expect(
        allowed=MANAGERS, kwargs=MEMBER, out_of_scope_kwargs=MEMBER_OUT, method="post", ok_status=DONE
    ),
    "accounts:staff_password_link": Expect(
        allowed=MANAGERS, kwargs=MEMBER, out_of_scope_kwargs=MEMBER_OUT, method="post", ok_status=DONE
    ),
    # An invalid link: the page says so (200) to everyone, logged in or not.
    "accounts:invitation_accept": Expect(allowed=ALL_ROLES, public=True, kwargs=lambda w: BAD_LINK),
    "accounts:password_reset_confirm": Expect(allowed=ALL_ROLES, public=True, kwargs=lambda w: BAD_LINK),
}
