"""The home page shows, per role held, the queues that role's apps hand over — each
provider given only the grants of that role."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.core import queues
from rowad.core.queues import QueueItem, WorkQueue, oldest_first
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province

pytestmark = pytest.mark.django_db


@pytest.fixture
def isolated_providers(monkeypatch):
    monkeypatch.setattr(queues, "_providers", {})
    return queues


def test_each_role_gets_its_own_grants_only(client, isolated_providers):
    oran, tlemcen = province("DZ", "31"), province("DZ", "13")
    agency = OrganizationFactory(provinces=[oran, tlemcen])
    user = UserFactory()
    MembershipFactory(user=user, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    MembershipFactory(user=user, organization=agency, role=Role.FIELD_AGENT, provinces=[tlemcen])
    seen = {}

    def provider(context):
        seen[context.role] = context.province_ids
        return WorkQueue(key=f"test.{context.role}", title="Queue", count=len(context.province_ids))

    isolated_providers.provide_queue(Role.AGENCY_OFFICER, provider)
    isolated_providers.provide_queue(Role.FIELD_AGENT, provider)
    isolated_providers.provide_queue(Role.TRAINER, provider)
    client.force_login(user)
    response = client.get("/")
    assert response.status_code == 200
    assert seen == {Role.AGENCY_OFFICER: {oran.pk}, Role.FIELD_AGENT: {tlemcen.pk}}
    body = response.content.decode()
    assert 'data-queue="test.agency_officer"' in body and 'data-queue="test.trainer"' not in body
    # The field agent's home comes first: the day starts at the stop.
    assert body.index('data-role-home="field_agent"') < body.index('data-role-home="agency_officer"')


def test_an_empty_queue_says_nothing_waits(client, isolated_providers):
    user = UserFactory()
    MembershipFactory(user=user, role=Role.MENTOR)
    isolated_providers.provide_queue(
        Role.MENTOR,
        lambda context: WorkQueue(key="test.empty", title="Visits", count=0, empty="No visit is due."),
    )
    client.force_login(user)
    assert "No visit is due." in client.get("/").content.decode()


def test_oldest_first_puts_undated_lines_last():
    import datetime as dt

    items = [
        QueueItem("c", "/c"),
        QueueItem("b", "/b", since=dt.date(2026, 3, 1)),
        QueueItem("a", "/a", since=dt.datetime(2026, 1, 1, 9, tzinfo=dt.UTC)),
    ]
    assert [i.label for i in oldest_first(items)] == ["a", "b", "c"]
