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
