"""Issue 16, item 10: an import's people enter the duplicate review queue by themselves
(the import's task searches them against the registry after it commits)."""

from __future__ import annotations

from datetime import date

import pytest

from rowad.imports.models import ImportedRecord
from rowad.people.models import DuplicateCandidate, DuplicateRun
from tests.factories import PersonFactory
from tests.imports.factories import csv_bytes
from tests.imports.test_views import upload_and_import

pytestmark = pytest.mark.integration


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


def test_an_imported_duplicate_enters_the_queue_without_the_command(
    officer_client, world, django_capture_on_commit_callbacks
):
    registered = PersonFactory(
        given_name_ar="محمد", family_name_ar="بن علي", given_name_latin="", family_name_latin="",
        national_id="123456789012345678", phone="+213550123456", birth_date=date(1995, 3, 14),
        organization=world.oran_agency,
    )  # fmt: skip
    PersonFactory(
        given_name_ar="ياسين", family_name_ar="بن علي", given_name_latin="Yacine", family_name_latin="Benali",
        national_id="987654321098765432", phone="+213550123456", birth_date=date(1995, 3, 14),
        organization=world.oran_agency,
    )  # fmt: skip
    row = ["B1", "Mouhamed", "Ben Ali", "", "", "", "14/03/1995", "H", "0550 12 34 56", "31"]
    batch = upload_and_import(officer_client, django_capture_on_commit_callbacks, csv_bytes([row]))
    imported = ImportedRecord.objects.get(batch=batch).person_id
    pairs = {
        frozenset((a, b)) for a, b in DuplicateCandidate.objects.values_list("person_a_id", "person_b_id")
    }
    assert frozenset((registered.pk, imported)) in pairs
    assert all(imported in pair for pair in pairs)  # the registry is not searched again
    run = DuplicateRun.objects.get()
    assert (run.kind, run.new_people, run.max_person_id) == ("incremental", 1, 0)
