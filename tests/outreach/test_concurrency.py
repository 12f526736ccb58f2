"""Concurrent submissions of the same client UUID (a device retrying while its first
request is still being processed) create one registration — on PostgreSQL, where requests
really run in parallel."""

import threading
import uuid

import pytest
from django.db import connection, connections

from rowad.outreach import services
from rowad.outreach.models import Registration
from rowad.people.models import Person

pytestmark = [
    pytest.mark.integration,
    pytest.mark.skipif(connection.vendor != "postgresql", reason="needs parallel writers (PostgreSQL)"),
]


@pytest.mark.django_db(transaction=True)
def test_same_uuid_sent_by_eight_threads_creates_one(world, caravan):
    key = uuid.uuid4()
    statuses: list[str] = []
    errors: list[BaseException] = []
    barrier = threading.Barrier(8)

    def send():
        try:
            barrier.wait()
            result = services.register_visitor(
                caravan,
                person_data={
                    "given_name_latin": "Amine",
                    "family_name_latin": "Kaci",
                    "phone": "0550 11 22 33",
                },
                client_uuid=key,
                actor=None,
                consent=True,
            )
            statuses.append(result.status)
        except BaseException as exc:
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=send) for _ in range(8)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert errors == []
    assert sorted(statuses) == ["created"] + ["duplicate"] * 7
    assert Registration.objects.filter(client_uuid=key).count() == 1
    assert Person.objects.filter(family_name_latin="Kaci").count() == 1
