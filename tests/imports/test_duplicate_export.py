"""The duplicates export names the source and key each person was imported with."""

import pytest

from rowad.imports.models import ImportedRecord
from rowad.people.duplicates import source_keys
from tests.factories import PersonFactory
from tests.imports.factories import ImportBatchFactory

pytestmark = pytest.mark.django_db


def test_source_keys_name_the_source_even_for_a_national_export():
    """An export at national scale asks for hundreds of thousands of people at once: more
    than one query may carry as parameters (SQLite here: 250,000). The keys were silently
    dropped then ("too many SQL variables" swallowed); now the list is one parameter."""
    batch = ImportBatchFactory(source__name="kobo-oran")
    imported, other = PersonFactory(), PersonFactory()
    ImportedRecord.objects.create(source=batch.source, batch=batch, key="uuid:7f3c", person=imported)
    asked = [imported.pk, other.pk, *range(10**9, 10**9 + 300_000)]
    assert source_keys(asked) == {imported.pk: ("kobo-oran", "uuid:7f3c")}
