"""Issue 16, item 9: the first values beside each column to map, no percentage before the
work starts, the error report with the person's name and the row as the file had it
(right to left in Arabic), the rejected rows in the file's own format to fix and import
again, and dates that cannot exist said so."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from rowad.core.spreadsheets import neutralise
from rowad.imports.enums import BatchStatus
from rowad.imports.mapping import suggest_mapping
from rowad.imports.models import ImportBatch
from rowad.imports.validation import RowValidator, date_problem
from tests.imports.factories import BAD_ROW, FRENCH_HEADER, GOOD_ROWS, csv_bytes, xlsx_bytes
from tests.imports.test_views import post_upload, upload_and_import

pytestmark = pytest.mark.integration

INJECTED = ["A5", '=HYPERLINK("x")', "Zerrouki", "", "", "", "30/02/1999", "H", "0550 12 34 57", "31"]


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


def test_a_day_no_calendar_has_is_said_so(db):
    assert date_problem("30/02/1999")[0] == "date_does_not_exist"
    assert date_problem("2001-04-31")[0] == "date_does_not_exist"
    assert date_problem("31/13/1999")[0] == "date"
    assert date_problem("hier")[0] == "date"
    validator = RowValidator(mapping=suggest_mapping(FRENCH_HEADER), headers=FRENCH_HEADER, country="DZ")
    result = validator.validate(2, [*GOOD_ROWS[0][:6], "30/02/1999", *GOOD_ROWS[0][7:]])
    assert [(p.code, p.message) for p in result.problems] == [
        ("date_does_not_exist", "This date does not exist: this month has no such day.")
    ]


def test_the_mapping_shows_the_first_values_of_each_column(officer_client):
    post_upload(officer_client, csv_bytes([["", "", "", "", "", "", "", "", "", ""], *GOOD_ROWS, BAD_ROW]))
    batch = ImportBatch.objects.get()
    page = officer_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    samples = page.split('id="column-samples"')[1].split("</details>")[0]
    assert 'Mohamed</bdi> · <bdi dir="auto" class="sample-value">Fatima</bdi> · ' in samples
    assert "Bad" not in samples  # the first three values only
    assert "Prénom — Mohamed · Fatima · Amine" in page  # in the column's choice too


def test_no_percentage_before_the_work_starts(officer_client):
    post_upload(officer_client, csv_bytes(GOOD_ROWS))
    batch = ImportBatch.objects.get()
    officer_client.post(reverse("imports:batch_start", args=[batch.pk]))  # queued, the task not run
    batch.refresh_from_db()
    assert batch.status == BatchStatus.QUEUED and batch.waiting_to_start
    progress = officer_client.get(reverse("imports:batch_progress", args=[batch.pk])).content.decode()
    assert 'id="batch-waiting"' in progress and " %</bdi>" not in progress


def test_report_has_the_name_and_the_original_row_and_reads_right_to_left_in_arabic(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "ar"
    batch = upload_and_import(client, django_capture_on_commit_callbacks, csv_bytes([*GOOD_ROWS, INJECTED]))
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("imports:batch_report", args=[batch.pk])).content)
    )
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    rows = list(sheet.values)
    assert rows[0][6:] == tuple(FRENCH_HEADER)
    assert rows[1][0] == 5 and rows[1][1] == '\'=HYPERLINK("x") Zerrouki'
    assert rows[1][6:] == (
        "A5",
        '\'=HYPERLINK("x")',
        "Zerrouki",
        None,
        None,
        None,
        "30/02/1999",
        "H",
        "0550 12 34 57",
        "31",
    )


def test_report_reads_left_to_right_in_french(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "fr"
    batch = upload_and_import(client, django_capture_on_commit_callbacks, csv_bytes([BAD_ROW]))
    workbook = openpyxl.load_workbook(
        io.BytesIO(client.get(reverse("imports:batch_report", args=[batch.pk])).content)
    )
    assert not workbook.worksheets[0].sheet_view.rightToLeft


def test_rejected_rows_come_back_as_the_same_csv_with_an_error_column(
    officer_client, django_capture_on_commit_callbacks
):
    content = csv_bytes([*GOOD_ROWS, BAD_ROW, INJECTED], delimiter=";", encoding="cp1256")
    batch = upload_and_import(officer_client, django_capture_on_commit_callbacks, content)
    page = officer_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert reverse("imports:batch_rejected", args=[batch.pk]) in page
    response = officer_client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    assert response["Content-Type"] == "text/csv; charset=cp1256"
    assert 'filename="import-' in response["Content-Disposition"]
    rows = list(csv.reader(io.StringIO(response.content.decode("cp1256")), delimiter=";"))
    assert rows[0] == [*FRENCH_HEADER, "error"]
    assert [r[:-1] for r in rows[1:]] == [BAD_ROW, ["A5", '\'=HYPERLINK("x")', *INJECTED[2:]]]
    assert "Wilaya" in rows[1][-1] and "This date does not exist" in rows[2][-1]


def test_rejected_rows_of_a_workbook_come_back_as_a_workbook(
    officer_client, django_capture_on_commit_callbacks
):
    batch = upload_and_import(
        officer_client,
        django_capture_on_commit_callbacks,
        xlsx_bytes([*GOOD_ROWS, BAD_ROW]),
        name="people.xlsx",
    )
    response = officer_client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    assert response["Content-Disposition"].endswith('-rejected.xlsx"')
    rows = list(openpyxl.load_workbook(io.BytesIO(response.content)).active.values)
    assert rows[0] == (*FRENCH_HEADER, "error")
    assert tuple(v or "" for v in rows[1][:10]) == tuple(BAD_ROW)


def test_neutralise_keeps_phones_and_numbers():
    assert neutralise("+213550123456") == "+213550123456"
    assert neutralise("-12") == "-12"
    assert neutralise("@cmd") == "'@cmd"
    assert neutralise(5) == 5


def test_rejected_rows_of_a_latin1_file_read_in_arabic_come_back_in_utf8(
    client, world, django_capture_on_commit_callbacks
):
    client.force_login(world.users["agency_officer"])
    client.cookies["rowad_language"] = "ar"
    header = ["Prénom", "Nom", "Date de naissance", "Wilaya"]
    content = csv_bytes([["Amine", "Bouzid", "30/02/1999", "31"]], header=header, encoding="latin-1")
    batch = upload_and_import(client, django_capture_on_commit_callbacks, content)
    assert batch.encoding == "latin-1"
    response = client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    assert response["Content-Type"] == "text/csv; charset=utf-8"
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8-sig")), delimiter=";"))
    assert rows[0][:4] == header and rows[1][:4] == ["Amine", "Bouzid", "30/02/1999", "31"]
    assert "هذا التاريخ غير موجود" in rows[1][4]
