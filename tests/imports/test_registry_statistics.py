"""After a large import on PostgreSQL the registry tables are vacuumed, so that searches
use index-only scans of the new name keys at once (see processing.refresh_registry_statistics)."""

import pytest
from django.db import connection

from rowad.imports import processing
from rowad.imports.enums import BatchStatus
from tests.imports.factories import GOOD_ROWS, csv_bytes
from tests.imports.test_services import run

pytestmark = pytest.mark.integration


def _last_vacuum(table: str):
    with connection.cursor() as cursor:
        cursor.execute("SELECT last_vacuum FROM pg_stat_user_tables WHERE relname = %s", [table])
        return cursor.fetchone()[0]


@pytest.mark.skipif(connection.vendor != "postgresql", reason="VACUUM is PostgreSQL's")
@pytest.mark.django_db(transaction=True)
def test_large_import_vacuums_the_registry_tables(world, monkeypatch):
    monkeypatch.setattr(processing, "VACUUM_AFTER_ROWS", 3)
    before = _last_vacuum("people_personnamekey")
    batch = run(world, csv_bytes(GOOD_ROWS))
    assert (batch.status, batch.rows_written) == (BatchStatus.DONE, 3)
    after = _last_vacuum("people_personnamekey")
    assert after is not None and (before is None or after > before)


def test_small_import_or_open_transaction_does_not_vacuum(db):
    assert processing.refresh_registry_statistics(processing.VACUUM_AFTER_ROWS - 1) is False
    # Inside a transaction (as every test here is) VACUUM cannot run: it is skipped.
    assert processing.refresh_registry_statistics(processing.VACUUM_AFTER_ROWS) is False
