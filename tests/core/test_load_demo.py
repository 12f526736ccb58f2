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
