"""A person's data, whole: the export holds every kind of record about them, the erasure
leaves none of their names and numbers anywhere (history tables included)."""

import subprocess
from pathlib import Path

import pytest
from django.apps import apps
from django.db import models

from rowad.people import services
from rowad.people.models import PersonErasure
from tests.people.personal_data_world import EMAIL, FULL_NAME_LATIN, NATIONAL_ID, NEEDLES, build

pytestmark = pytest.mark.integration


@pytest.fixture
def rich(world, django_capture_on_commit_callbacks):
    return build(world, django_capture_on_commit_callbacks)


def test_export_holds_every_kind_of_record(rich):
    data = services.export_person_data(rich.person)

    sections = {s["key"]: s for s in data["sections"]}
    assert {
        "people.person",
        "people.consentrecord",
        "people.duplicatecandidate",
        "outreach.registration",
        "outreach.idea",
        "dossiers.dossier",
        "dossiers.dossierholder",
        "dossiers.statechange",
        "dossiers.dossierdocument",
        "dossiers.documentversion",
        "dossiers.financingline",
        "dossiers.study",
        "committees.agendaitem",
        "committees.decisionletter",
        "messaging.message",
        "imports.importedrecord",
        "imports.importproblem",
        "imports.importbatch",
        "portal.holderaccount",
        "portal.erasurerequest",
        "core.auditentry",
    } <= set(sections)
    assert sections["people.person"]["records"][0]["national_id"] == NATIONAL_ID
    assert "Déposé" in {r["to_state"] for r in sections["dossiers.statechange"]["records"]}
    assert {r["channel"] for r in sections["messaging.message"]["records"]} == {"Courriel", "SMS"}
    actions = {r["action"] for r in sections["core.auditentry"]["records"]}
    assert {"people.consent.recorded", "portal.erasure.requested"} <= actions
    assert any(a.startswith("dossiers.") for a in actions)
    assert sections["imports.importproblem"]["records"][0]["value"] == NATIONAL_ID


def test_export_is_labelled_in_the_persons_language(rich):
    data = services.export_person_data(rich.person)

    person = next(s for s in data["sections"] if s["key"] == "people.person")
    assert data["language"] == "fr"
    assert person["labels"]["phone"] == "téléphone"
    assert person["title"] == "personnes"


def test_export_gives_no_other_persons_name(rich):
    text = str(services.export_person_data(rich.person))

    assert "Yassine" not in text


def _rows_mentioning(needles):
    """(model, pk, field) of every text or JSON value in the database holding a needle."""
    found = []
    for model in apps.get_models():
        fields = [
            f.attname
            for f in model._meta.concrete_fields
            if isinstance(f, models.CharField | models.TextField | models.JSONField | models.EmailField)
        ]
        if not fields:
            continue
        for row in model._default_manager.values(model._meta.pk.attname, *fields):
            for name in fields:
                value = str(row[name])
                if any(n in value for n in needles):
                    found.append((model._meta.label, row[model._meta.pk.attname], name))
    return found


def test_erasure_leaves_no_name_or_number_anywhere(rich, world, django_capture_on_commit_callbacks):
    assert len(_rows_mentioning(NEEDLES)) > 20  # the search sees them before

    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(rich.person, actor=world.users["agency_officer"], reason="Demande écrite")

    assert _rows_mentioning(NEEDLES) == []


def test_erasure_deletes_uploaded_files_after_commit(rich, world, django_capture_on_commit_callbacks):
    from rowad.dossiers.models import DocumentVersion

    files = [v.file for v in DocumentVersion.objects.filter(document__dossier=rich.dossier)]
    paths = [Path(f.path) for f in files]
    assert paths and all(p.exists() for p in paths)

    with django_capture_on_commit_callbacks(execute=False) as callbacks:
        services.erase_person(rich.person, actor=world.users["agency_officer"], reason="x")
    assert all(p.exists() for p in paths)  # nothing gone before the commit
    for callback in callbacks:
        callback()

    assert not any(p.exists() for p in paths)
    assert DocumentVersion.objects.filter(document__dossier=rich.dossier).count() == 0


def test_erasure_record_lists_what_is_kept_and_why(rich, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(rich.person, actor=world.users["agency_officer"], reason="x")

    record = PersonErasure.objects.get(person=rich.person)
    kept = {k["model"]: k for k in record.kept}
    done = {d["model"]: d for d in record.done}
    assert {"dossiers.financingline", "committees.decisionletter", "imports.importedrecord"} <= set(kept)
    assert all(k["reason"] for k in record.kept)
    assert done["imports.importproblem"]["action"] == "delete"
    assert done["portal.onetimecode"]["action"] == "delete"
    assert done["people.consentrecord"] == {"model": "people.consentrecord", "count": 2, "action": "delete"}


def test_erasure_closes_the_login_and_keeps_figures(rich, world, django_capture_on_commit_callbacks):
    from rowad.dossiers.models import FinancingLine
    from rowad.outreach.models import Registration

    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(rich.person, actor=world.users["agency_officer"], reason="x")

    user = world.users["project_holder"]
    user.refresh_from_db()
    assert (user.is_active, user.email, user.phone) == (False, "", "")
    assert Registration.objects.filter(person=rich.person).count() == 1
    assert FinancingLine.objects.filter(dossier=rich.dossier).count() == 1
    rich.dossier.refresh_from_db()
    assert rich.dossier.title == "—"
    assert FULL_NAME_LATIN not in str(rich.dossier.eligibility)


def test_erasure_twice_is_refused(rich, world, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks(execute=True):
        services.erase_person(rich.person, actor=world.users["agency_officer"], reason="x")

    with pytest.raises(services.PersonError):
        services.erase_person(rich.person, actor=world.users["agency_officer"], reason="x")
    assert EMAIL not in str(services.export_person_data(rich.person))


def test_export_pdf_in_the_persons_language(rich, world, client, tmp_path):
    from django.urls import reverse

    from rowad.people.models import Person

    Person.objects.filter(pk=rich.person.pk).update(preferred_language="ar")
    client.force_login(world.users["agency_officer"])

    response = client.get(reverse("people:export_pdf", args=[rich.person.pk]))

    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert response.content.startswith(b"%PDF")
    (tmp_path / "export.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "export.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "البيانات الشخصية" in text  # the title, in the person's language
    assert NATIONAL_ID in text
