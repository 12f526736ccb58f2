"""A row whose only problems are in optional fields (phones, email, address, diploma,
where first met): kept with those fields empty and a warning (the default in valid-rows
mode), or rejected; the warnings are reported apart from the rejections."""

import io

import openpyxl
import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.core.management import call_command
from django.test import TestCase
from django.urls import reverse

from rowad.imports import processing, services
from rowad.imports.enums import BatchStatus, ImportMode, OptionalErrors, ProblemKind
from rowad.imports.mapping import suggest_mapping
from rowad.imports.models import ImportBatch
from rowad.imports.validation import RowValidator
from rowad.people.models import ConsentRecord, Person
from tests.factories import PersonFactory
from tests.imports.factories import csv_bytes

pytestmark = pytest.mark.integration

HEADER = ["ID", "Prénom", "Nom", "NIN", "Sexe", "Téléphone", "Email", "Wilaya", "Consentement"]
GOOD = ["W1", "Amine", "Bouzid", "", "H", "0550123456", "amine@example.org", "31", "oui"]
BAD_PHONE = ["W2", "Sarah", "Khelifi", "", "F", "12345", "sarah@", "31", "oui"]
BAD_SEX_AND_PHONE = ["W3", "Nadir", "Amrani", "", "?", "12345", "", "31", "oui"]


def run(world, rows, **options):
    user = world.users["agency_officer"]
    batch = services.create_batch(
        SimpleUploadedFile("w.csv", csv_bytes(rows, header=HEADER)),
        actor=user, source_name="Caravane", country="DZ", organization=world.oran_agency, **options, read_now=True,
    )  # fmt: skip
    return processing.run_batch_now(services.start_import(batch, actor=user, enqueue=False).pk)


@pytest.mark.django_db
def test_validator_keeps_a_row_whose_only_problems_are_optional():
    validator = RowValidator(
        mapping=suggest_mapping(HEADER), headers=HEADER, country="DZ", warn_optional=True
    )
    result = validator.validate(3, BAD_PHONE)
    assert result.problems == []
    assert [(w.column, w.field) for w in result.warnings] == [("Téléphone", "phone"), ("Email", "email")]
    assert (result.data["family_name_latin"], "phone" in result.data, "email" in result.data) == (
        "Khelifi",
        False,
        False,
    )
    mixed = validator.validate(4, BAD_SEX_AND_PHONE)
    assert (mixed.data, sorted(p.code for p in mixed.problems)) == (None, ["choice", "phone"])


@pytest.mark.django_db
def test_validator_in_reject_mode_rejects_the_row():
    validator = RowValidator(mapping=suggest_mapping(HEADER), headers=HEADER, country="DZ")
    result = validator.validate(3, BAD_PHONE)
    assert (result.data, result.warnings, len(result.problems)) == (None, [], 2)


def test_valid_rows_mode_keeps_the_person_without_the_bad_phone(world):
    batch = run(world, [GOOD, BAD_PHONE, BAD_SEX_AND_PHONE])
    assert batch.on_optional_error == OptionalErrors.WARN
    assert (batch.status, batch.rows_written, batch.rows_warned, batch.rows_rejected) == (
        BatchStatus.DONE,
        2,
        1,
        1,
    )
    sarah = Person.objects.get(family_name_latin="Khelifi")
    assert (sarah.phone, sarah.email) == ("", "")
    # Written like any imported person: history row with the import's reason, consent recorded.
    assert list(sarah.history.values_list("history_type", "history_change_reason")) == [
        ("+", f"import #{batch.pk}")
    ]
    assert list(ConsentRecord.objects.filter(person=sarah).values_list("purpose", "given")) == [
        ("registration", True)
    ]
    kinds = sorted(batch.problems.values_list("kind", "line", "column"))
    assert kinds == [
        (ProblemKind.ERROR, 4, "Sexe"),
        (ProblemKind.ERROR, 4, "Téléphone"),
        (ProblemKind.WARNING, 3, "Email"),
        (ProblemKind.WARNING, 3, "Téléphone"),
    ]


def test_reject_mode_rejects_the_row(world):
    batch = run(world, [GOOD, BAD_PHONE], on_optional_error=OptionalErrors.REJECT)
    assert (batch.rows_written, batch.rows_warned, batch.rows_rejected) == (1, 0, 1)
    assert not Person.objects.filter(family_name_latin="Khelifi").exists()
    assert set(batch.problems.values_list("kind", flat=True)) == {ProblemKind.ERROR}


def test_all_or_nothing_rejects_by_default_and_can_keep_and_warn(world):
    batch = run(world, [GOOD, BAD_PHONE], mode=ImportMode.ALL_OR_NOTHING)
    assert (batch.status, batch.on_optional_error, Person.objects.count()) == (
        BatchStatus.FAILED,
        OptionalErrors.REJECT,
        0,
    )
    batch = run(world, [GOOD, BAD_PHONE], mode=ImportMode.ALL_OR_NOTHING, on_optional_error="warn")
    assert (batch.status, batch.rows_written, batch.rows_warned) == (BatchStatus.DONE, 2, 1)


def test_a_row_to_review_keeps_its_warnings_but_is_not_counted_as_written(world):
    PersonFactory(country="DZ", national_id="100000000000000001", province=world.oran)
    row = ["W5", "Sarah", "Khelifi", "100000000000000001", "F", "12345", "", "31", "oui"]
    batch = run(world, [row])
    assert (batch.rows_review, batch.rows_warned, batch.rows_written) == (1, 0, 0)
    assert sorted(batch.problems.values_list("kind", flat=True)) == [ProblemKind.REVIEW, ProblemKind.WARNING]


def test_a_duplicate_row_rejects_its_optional_problems_too(world):
    batch = run(world, [GOOD, ["W1", *BAD_PHONE[1:]]])
    assert (batch.rows_written, batch.rows_warned, batch.rows_rejected) == (1, 0, 1)
    assert set(batch.problems.values_list("kind", flat=True)) == {ProblemKind.ERROR}


@pytest.fixture
def french_officer(client, world):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "fr"
    return client


def test_page_report_and_api_list_warnings_apart(french_officer, django_capture_on_commit_callbacks):
    client = french_officer
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is read by a task on commit
        client.post(
            reverse("imports:batch_upload"),
            {"file": SimpleUploadedFile("w.csv", csv_bytes([GOOD, BAD_PHONE, BAD_SEX_AND_PHONE], header=HEADER)),
             "source": "Caravane", "country": "DZ", "mode": "valid-rows", "on_optional_error": "warn"},
        )  # fmt: skip
    batch = ImportBatch.objects.get()
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("imports:batch_start", args=[batch.pk]))
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    warnings = page.split('id="warnings"')[1].split("</table>")[0]
    problems = page.split('id="problems"')[1].split("</table>")[0]
    assert "Ce numéro de téléphone n&#x27;est pas valide." in warnings
    assert "sarah@" in warnings and "sarah@" not in problems
    assert "Nadir" not in warnings and '<bdi dir="ltr">4</bdi>' in problems
    assert "Avertissements : personnes gardées, champ laissé vide" in page
    assert 'id="rows-warned"><bdi dir="ltr">1</bdi>' in page

    report = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("imports:batch_report", args=[batch.pk])).content)
    )
    problems_sheet, warnings_sheet = report.worksheets
    assert [r[0] for r in list(problems_sheet.values)[1:]] == [4, 4]
    assert [(r[0], r[2], r[4]) for r in list(warnings_sheet.values)[1:]] == [
        (3, "Téléphone", "12345"),
        (3, "Email", "sarah@"),
    ]
    assert warnings_sheet.title == "Avertissements"

    api = client.get(reverse("importbatch-detail", args=[batch.pk])).json()
    assert (api["rows_warned"], api["on_optional_error"]) == (1, "warn")
    assert [(w["line"], w["kind"]) for w in api["warnings"]] == [(3, "warning"), (3, "warning")]
    assert {p["line"] for p in api["problems"]} == {4}
    assert "Ce numéro de téléphone n'est pas valide." in [w["message"] for w in api["warnings"]]


def test_mapping_form_changes_the_choice(french_officer, world):
    client = french_officer
    with TestCase.captureOnCommitCallbacks(execute=True):  # the file is read by a task on commit
        client.post(
            reverse("imports:batch_upload"),
            {"file": SimpleUploadedFile("w.csv", csv_bytes([GOOD], header=HEADER)), "source": "Caravane",
             "country": "DZ", "mode": "valid-rows", "on_optional_error": "warn"},
        )  # fmt: skip
    batch = ImportBatch.objects.get()
    page = client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Garder la personne, laisser ce champ vide et avertir" in page
    client.post(
        reverse("imports:batch_mapping", args=[batch.pk]),
        {
            "map_family_name_latin": "Nom",
            "mode": "valid-rows",
            "on_optional_error": "reject",
            "action": "check",
        },
    )
    batch.refresh_from_db()
    assert batch.on_optional_error == OptionalErrors.REJECT


def test_api_upload_takes_the_choice(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["agency_officer"])
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(
            reverse("importbatch-list"),
            {"file": SimpleUploadedFile("w.csv", csv_bytes([GOOD, BAD_PHONE], header=HEADER)), "source": "API",
             "country": "DZ", "on_optional_error": "reject", "start": "true"},
        )  # fmt: skip
    assert response.status_code == 201
    status = client.get(reverse("importbatch-detail", args=[response.json()["id"]])).json()
    assert (status["rows_written"], status["rows_rejected"], status["warnings"]) == (1, 1, [])


def test_cli_warns_by_default_and_rejects_on_request(db, write_file):
    path = write_file("w.csv", csv_bytes([GOOD, BAD_PHONE], header=HEADER))
    out = io.StringIO()
    call_command("import_people", str(path), "--source", "A", stdout=out)
    text = out.getvalue()
    assert "kept with a field left empty: 1" in text
    warnings = text.split("Warnings: people kept, field left empty:")[1]
    assert "line 3 [Téléphone]" in warnings and "line 3 [Email]" in warnings
    out = io.StringIO()
    call_command("import_people", str(path), "--source", "B", "--on-optional-error", "reject", stdout=out)
    assert "rejected:         1" in out.getvalue()
    assert "Warnings:" not in out.getvalue()
