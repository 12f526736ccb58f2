import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from rowad.imports.enums import BatchStatus
from rowad.imports.models import ImportBatch
from rowad.people.models import Person
from tests.imports.factories import BAD_ROW, GOOD_ROWS, csv_bytes

pytestmark = pytest.mark.integration


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


def post_upload(client, content, name="inscriptions.csv", **extra):
    data = {
        "file": SimpleUploadedFile(name, content),
        "source": "Caravane",
        "country": "DZ",
        "mode": "valid-rows",
    }
    data.update(extra)
    # The file is read by a task run on commit (the upload request only stores it).
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("imports:batch_upload"), data)


def upload_and_import(client, capture, content, **extra) -> ImportBatch:
    """Upload a file with the suggested mapping and run the import (its task runs on commit)."""
    post_upload(client, content, **extra)
    batch = ImportBatch.objects.get()
    with capture(execute=True):
        client.post(reverse("imports:batch_start", args=[batch.pk]))
    return batch


def test_upload_then_preview_then_import(officer_client, django_capture_on_commit_callbacks):
    response = post_upload(officer_client, csv_bytes([*GOOD_ROWS, BAD_ROW]))
    batch = ImportBatch.objects.get()
    assert response.status_code == 302
    page = officer_client.get(reverse("imports:batch_detail", args=[batch.pk]))
    assert 'value="Prénom" selected' in page.content.decode()
    mapping = {f"map_{f}": c for f, c in batch.mapping.items()} | {"mode": "valid-rows", "action": "check"}
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("imports:batch_mapping", args=[batch.pk]), mapping)
    batch.refresh_from_db()
    assert (batch.status, batch.rows_valid, batch.rows_rejected) == (BatchStatus.VALIDATED, 3, 1)
    assert (
        "Téléphone" in officer_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    )
    with django_capture_on_commit_callbacks(execute=True):
        officer_client.post(reverse("imports:batch_start", args=[batch.pk]))
    batch.refresh_from_db()
    assert (batch.status, batch.rows_written, Person.objects.count()) == (BatchStatus.DONE, 3, 3)
    progress = officer_client.get(reverse("imports:batch_progress", args=[batch.pk]))
    assert "3 people were imported." in progress.content.decode()


def test_upload_over_the_limit_gets_a_clear_message(officer_client, monkeypatch):
    from rowad.imports import forms

    monkeypatch.setattr(forms, "MAX_UPLOAD_BYTES", 10)
    response = post_upload(officer_client, csv_bytes(GOOD_ROWS))
    assert response.status_code == 200
    assert "files up to 0 MB can be imported" in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_upload_40_mb_is_refused(officer_client):
    content = b"Nom\n" + b"x" * (40 * 1024 * 1024)
    response = post_upload(officer_client, content)
    assert response.status_code == 200
    assert "This file is 40 MB; files up to 30 MB can be imported." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_upload_binary_file_gets_a_message(officer_client):
    response = post_upload(officer_client, b"\x00\x01\x02" * 100, name="photo.csv")
    assert "This file is not a text (CSV) file." in response.content.decode()
    assert ImportBatch.objects.count() == 0


def test_mapping_with_the_same_column_twice_is_refused(officer_client):
    post_upload(officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    response = officer_client.post(
        reverse("imports:batch_mapping", args=[batch.pk]),
        {"map_given_name_latin": "Nom", "map_family_name_latin": "Nom", "mode": "valid-rows"},
    )
    assert response.status_code == 400
    assert "Each column can feed only one field." in response.content.decode()


def test_error_report_is_an_xlsx_with_line_column_reason(officer_client, django_capture_on_commit_callbacks):
    import io

    import openpyxl

    batch = upload_and_import(
        officer_client, django_capture_on_commit_callbacks, csv_bytes([*GOOD_ROWS, BAD_ROW])
    )
    response = officer_client.get(reverse("imports:batch_report", args=[batch.pk]))
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0][:6] == ("line", "name", "column", "reason", "value", "status")
    assert (5, "Bad Phone", "Wilaya") in [r[:3] for r in rows]
    assert len(rows) == 5


def test_error_report_in_french(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "fr"
    batch = upload_and_import(client, django_capture_on_commit_callbacks, csv_bytes([BAD_ROW]))
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Wilaya ou province inconnue" in page
    assert "Ce numéro de téléphone n&#x27;est pas valide." in page
    assert "Premiers problèmes" in page


def test_undo_from_the_page(officer_client, django_capture_on_commit_callbacks):
    batch = upload_and_import(officer_client, django_capture_on_commit_callbacks, csv_bytes(GOOD_ROWS))
    officer_client.post(reverse("imports:batch_undo", args=[batch.pk]), {"confirmed": "yes"})
    batch.refresh_from_db()
    assert (batch.status, Person.objects.count()) == (BatchStatus.UNDONE, 0)


def test_undo_asks_first_naming_the_import(officer_client, django_capture_on_commit_callbacks):
    batch = upload_and_import(officer_client, django_capture_on_commit_callbacks, csv_bytes(GOOD_ROWS))
    url = reverse("imports:batch_undo", args=[batch.pk])
    assert url in officer_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    page = officer_client.get(url).content.decode()
    assert f"Undo the import «{batch.file_name}, " in page
    assert 'name="confirmed" value="yes"' in page
    batch.refresh_from_db()
    assert batch.status == BatchStatus.DONE


def test_undo_posted_without_confirmation_removes_nobody(officer_client, django_capture_on_commit_callbacks):
    batch = upload_and_import(officer_client, django_capture_on_commit_callbacks, csv_bytes(GOOD_ROWS))
    officer_client.cookies["rowad_language"] = "ar"
    response = officer_client.post(reverse("imports:batch_undo", args=[batch.pk]))
    assert response.status_code == 400
    assert "لم يُنفَّذ أي شيء بعد" in response.content.decode()
    batch.refresh_from_db()
    assert (batch.status, Person.objects.count()) == (BatchStatus.DONE, len(GOOD_ROWS))


def test_cancel_a_queued_import(officer_client):
    post_upload(officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    officer_client.post(reverse("imports:batch_start", args=[batch.pk]))  # on_commit not run: stays queued
    officer_client.post(reverse("imports:batch_cancel", args=[batch.pk]))
    batch.refresh_from_db()
    assert batch.status == BatchStatus.CANCELLED


def test_progress_partial_polls_while_running(officer_client):
    post_upload(officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.RUNNING, rows_validated=2)
    html = officer_client.get(
        reverse("imports:batch_progress", args=[batch.pk]), HTTP_HX_REQUEST="true"
    ).content.decode()
    assert 'hx-trigger="every 1s"' in html
    ImportBatch.objects.filter(pk=batch.pk).update(status=BatchStatus.DONE)
    response = officer_client.get(
        reverse("imports:batch_progress", args=[batch.pk]) + "?was_active=1", HTTP_HX_REQUEST="true"
    )
    assert response["HX-Refresh"] == "true"


def test_reasons_follow_the_reader_not_the_importer(client, world, django_capture_on_commit_callbacks):
    """An import run in Arabic, read in French: page, XLSX report and API give French reasons,
    with their values (the line of the first duplicate) filled in."""
    import io

    import openpyxl

    from rowad.imports.models import ImportProblem

    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "ar"
    batch = upload_and_import(
        client, django_capture_on_commit_callbacks, csv_bytes([*GOOD_ROWS, GOOD_ROWS[0], BAD_ROW])
    )
    arabic = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "ولاية أو إقليم غير معروف" in arabic
    assert "يظهر الشخص نفسه أو السطر نفسه قبل ذلك في هذا الملف (السطر 2)." in arabic

    client.cookies["rowad_language"] = "fr"
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Wilaya ou province inconnue" in page
    assert "Ce numéro de téléphone n&#x27;est pas valide." in page
    assert "(ligne 2)" in page
    assert "ولاية أو إقليم غير معروف" not in page
    report = client.get(reverse("imports:batch_report", args=[batch.pk]))
    reasons = [row[3] for row in openpyxl.load_workbook(io.BytesIO(report.content)).active.values]
    assert reasons[0] == "motif"
    assert "Ce numéro de téléphone n'est pas valide." in reasons
    assert any(r.startswith("La même personne ou la même ligne figure plus haut") for r in reasons[1:])
    assert not any("\u0600" <= ch <= "\u06ff" for r in reasons for ch in r)
    api = client.get(reverse("importbatch-detail", args=[batch.pk])).json()
    assert "Ce numéro de téléphone n'est pas valide." in [p["message"] for p in api["problems"]]
    # Reasons stored as text (before this change) are shown as they were written.
    ImportProblem.objects.filter(batch=batch).update(message="سبب قديم", params={})
    assert "سبب قديم" in client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()


def test_failure_and_file_notes_follow_the_reader(client, world, django_capture_on_commit_callbacks):
    """An all-or-nothing import of a workbook started in Arabic: the failure and the note
    that only one sheet was read are shown in French to a French reader."""
    from tests.imports.factories import xlsx_bytes

    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "ar"
    batch = upload_and_import(
        client,
        django_capture_on_commit_callbacks,
        xlsx_bytes([*GOOD_ROWS, BAD_ROW], extra_sheets=1),
        name="a.xlsx",
        mode="all-or-nothing",
    )
    batch.refresh_from_db()
    assert (batch.status, batch.rows_written, Person.objects.count()) == (BatchStatus.FAILED, 0, 0)
    arabic = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "لم يُستورد أي شيء (طريقة الكل أو لا شيء). عدد الأسطر التي فيها مشاكل: 1." in arabic

    client.cookies["rowad_language"] = "fr"
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Rien n’a été importé (mode tout ou rien). Lignes avec des problèmes : 1." in page
    assert "Le classeur a 2 feuilles ; la feuille « Inscriptions » est lue." in page
    api = client.get(reverse("importbatch-detail", args=[batch.pk])).json()
    assert api["failure"].startswith("Rien n’a été importé")
    assert api["notes"] == ["Le classeur a 2 feuilles ; la feuille « Inscriptions » est lue."]


def test_a_row_set_aside_for_review_links_to_the_registered_person_only_in_scope(
    officer_client, world, django_capture_on_commit_callbacks
):
    from tests.factories import PersonFactory

    visible = PersonFactory(national_id="100000000000000001", province=world.oran, phone="+213770000001")
    hidden = PersonFactory(
        national_id="100000000000000002",
        province=world.hoceima,
        country="DZ",
        family_name_latin="Zzhiddenzz",
        phone="+213770000002",
    )
    second = list(GOOD_ROWS[1])
    second[5] = "100000000000000002"
    batch = upload_and_import(
        officer_client, django_capture_on_commit_callbacks, csv_bytes([GOOD_ROWS[0], second])
    )
    batch.refresh_from_db()
    assert batch.rows_review == 2
    page = officer_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert reverse("people:detail", args=[visible.pk]) in page
    assert reverse("people:detail", args=[hidden.pk]) not in page
    assert page.count("See the registered person") == 1
    # What the file says beside what is registered, for the visible person only.
    assert page.count("Compare the file with the registry") == 1
    assert "+213550123456" in page and visible.phone in page
    assert "differs" in page
    assert reverse("people:edit", args=[visible.pk]) in page
    assert hidden.family_name_latin not in page and hidden.phone not in page


def test_mapping_warns_when_no_column_carries_consent(officer_client):
    post_upload(officer_client, csv_bytes(GOOD_ROWS))
    without = ImportBatch.objects.get()
    assert (
        'id="no-consent-column"'
        in officer_client.get(reverse("imports:batch_detail", args=[without.pk])).content.decode()
    )
    header = ["ID", "Nom", "Consentement"]
    post_upload(officer_client, csv_bytes([["C1", "Benali", "oui"]], header=header), source="Autre")
    with_consent = ImportBatch.objects.exclude(pk=without.pk).get()
    assert with_consent.mapping["consent"] == "Consentement"
    assert (
        'id="no-consent-column"'
        not in officer_client.get(reverse("imports:batch_detail", args=[with_consent.pk])).content.decode()
    )


def test_review_comparison_shows_labels_in_the_readers_language(world):
    from django.utils import translation

    from rowad.imports.enums import ProblemKind
    from rowad.imports.models import ImportProblem
    from rowad.imports.review import with_registered_people
    from rowad.people.models import Person
    from tests.factories import PersonFactory
    from tests.imports.factories import ImportBatchFactory

    person = PersonFactory(national_id="100000000000000001", province=world.oran, sex="F", birth_date=None)
    problem = ImportProblem.objects.create(
        batch=ImportBatchFactory(organization=world.oran_agency, province=world.oran),
        kind=ProblemKind.REVIEW, line=2, code="existing_person", message="x", value=person.national_id,
        row={"sex": "M", "birth_date": "1998-03-12", "province": world.oran.pk},
    )  # fmt: skip
    with translation.override("fr"):
        (shown,) = with_registered_people([problem], Person.objects.all())
    lines = {
        label: (incoming, stored, differs) for _name, label, incoming, stored, differs in shown.comparison
    }
    assert lines["sexe"] == ("Homme", "Femme", True)
    assert lines["date de naissance"] == ("1998-03-12", "—", True)
    assert lines["wilaya / province"][2] is False
    assert shown.registered_person_id == person.pk
    (hidden,) = with_registered_people([problem], Person.objects.none())
    assert (hidden.registered_person_id, hidden.comparison) == (None, [])


def test_officer_applies_the_checked_values_of_a_review_row(
    officer_client, world, django_capture_on_commit_callbacks
):
    from rowad.core.models import AuditEntry
    from rowad.imports.enums import ProblemKind
    from tests.factories import PersonFactory

    person = PersonFactory(
        national_id="100000000000000001", province=world.oran, phone="+213770000001", birth_date=None
    )
    batch = upload_and_import(officer_client, django_capture_on_commit_callbacks, csv_bytes([GOOD_ROWS[0]]))
    problem = batch.problems.get(kind=ProblemKind.REVIEW)
    url = reverse("imports:review_apply", args=[batch.pk, problem.pk])
    version = Person.objects.get(pk=person.pk).updated_at.isoformat()

    # Nothing checked, or a page older than the last change: nothing is written.
    assert (
        "Choose at least one value"
        in officer_client.post(url, {"version": version}, follow=True).content.decode()
    )
    stale = officer_client.post(
        url, {"fields": ["phone"], "version": "2000-01-01T00:00:00+00:00"}, follow=True
    )
    assert "Someone else changed this person" in stale.content.decode()
    person.refresh_from_db()
    assert (person.phone, person.birth_date) == ("+213770000001", None)

    page = officer_client.post(url, {"fields": ["phone", "birth_date"], "version": version}, follow=True)
    assert "now has the values chosen from the file" in page.content.decode()
    person.refresh_from_db()
    assert (person.phone, person.birth_date) == ("+213550123456", datetime.date(1998, 3, 12))
    assert person.history.first().history_user == world.users["agency_officer"]
    entry = AuditEntry.objects.get(action="imports.review.applied")
    assert entry.data["fields"] == ["birth_date", "phone"]
    # The comparison is still there and now finds every value equal.
    assert "Compare the file with the registry" in page.content.decode()
    assert "badge text-bg-warning" not in page.content.decode()


def test_applying_a_review_row_cannot_move_a_person_out_of_the_officers_provinces(officer_client, world):
    from rowad.imports.enums import ProblemKind
    from rowad.imports.models import ImportProblem
    from tests.factories import PersonFactory, province
    from tests.imports.factories import ImportBatchFactory

    algiers = province("DZ", "16")  # in the country, outside the Oran officer's provinces
    person = PersonFactory(national_id="100000000000000001", province=world.oran)
    batch = ImportBatchFactory(organization=world.oran_agency, province=world.oran)
    problem = ImportProblem.objects.create(
        batch=batch, kind=ProblemKind.REVIEW, line=2, code="existing_person", message="x",
        value=person.national_id, row={"province": algiers.pk},
    )  # fmt: skip
    url = reverse("imports:review_apply", args=[batch.pk, problem.pk])
    page = officer_client.post(url, {"fields": ["province"]}, follow=True).content.decode()
    assert "You cannot register people in this province." in page
    person.refresh_from_db()
    assert person.province == world.oran
