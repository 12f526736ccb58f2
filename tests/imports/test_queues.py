"""The officer's imports to review: uploaded or checked files, oldest first, in scope."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.imports.enums import BatchStatus
from rowad.imports.models import ImportBatch
from tests.queue_helpers import home_queue, labels

from .factories import ImportBatchFactory, ImportSourceFactory

pytestmark = pytest.mark.django_db
OFFICER = Role.AGENCY_OFFICER


def _batch(world, name, status, days):
    batch = ImportBatchFactory(
        source=ImportSourceFactory(organization=world.oran_agency),
        organization=world.oran_agency,
        province=world.oran,
        file_name=name,
        status=status,
    )
    ImportBatch.objects.filter(pk=batch.pk).update(created_at=timezone.now() - dt.timedelta(days=days))
    return batch


def test_imports_to_review_oldest_first(world):
    _batch(world, "checked.csv", BatchStatus.VALIDATED, 1)
    _batch(world, "uploaded.csv", BatchStatus.UPLOADED, 4)
    _batch(world, "done.csv", BatchStatus.DONE, 9)
    queue = home_queue(world.users[OFFICER], OFFICER, "imports.to_review")
    assert queue.count == 2
    assert labels(queue) == ["uploaded.csv", "checked.csv"]
    assert queue.more_url == "/imports/?status=to_review"
    assert home_queue(world.outsider, OFFICER, "imports.to_review").count == 0


def test_the_list_filtered_to_review(client, world):
    _batch(world, "checked.csv", BatchStatus.VALIDATED, 1)
    _batch(world, "done.csv", BatchStatus.DONE, 2)
    client.force_login(world.users[OFFICER])
    body = client.get("/imports/?status=to_review").content.decode()
    assert "checked.csv" in body and "done.csv" not in body
    assert "done.csv" in client.get("/imports/").content.decode()
