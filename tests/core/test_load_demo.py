import io

import pytest
from django.apps import apps
from django.core.management import call_command

pytestmark = pytest.mark.integration


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {"core", "accounts", "partners", "people", "outreach", "dossiers", "portal"}
        and model._meta.label != "core.AuditEntry"
        and not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_load_demo_is_idempotent(db):
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    first = row_counts()
    call_command("load_demo", stdout=open("/dev/null", "w"))  # noqa: SIM115
    assert row_counts() == first
    assert first["people.Person"] >= 250
    assert first["accounts.User"] >= 12


def test_demo_review_queue_shows_the_person_registered_twice(db):
    from rowad.people.demo import TWICE_PHONE
    from rowad.people.models import DuplicateCandidate

    call_command("load_demo", stdout=io.StringIO())
    pair = DuplicateCandidate.objects.get(person_a__phone=TWICE_PHONE, person_b__phone=TWICE_PHONE)
    names = {p.given_name_ar or p.given_name_latin for p in (pair.person_a, pair.person_b)}
    assert names == {"محمد", "Mohammed"}
    assert pair.score >= 16


def test_demo_kobo_import_carries_target_categories_and_dated_consents(db):
    import datetime

    from rowad.imports.demo import SOURCE
    from rowad.people.models import ConsentRecord, Person

    call_command("load_demo", stdout=io.StringIO())
    imported = Person.objects.filter(import_records__source__name=SOURCE)
    assert imported.count() == 38
    assert imported.filter(target_categories__code="resistance-family").count() == 6  # rows 3, 10, 17…
    consents = ConsentRecord.objects.filter(person__in=imported)
    assert consents.filter(purpose="registration", given=True).count() == 38
    assert consents.filter(purpose="contact", given=False).exists()
    assert set(consents.values_list("recorded_on", flat=True)) == {datetime.date(2026, 9, 3)}
