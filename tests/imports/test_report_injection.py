"""Issue 18, hole 2: nothing a file held comes back as a live formula in the error report
or the rejected rows, the file's own column names included; numbers stay numbers."""

import csv
import io

import openpyxl
import pytest
from django.urls import reverse

from tests.imports.factories import BAD_ROW, FRENCH_HEADER, GOOD_ROWS, csv_bytes
from tests.imports.test_views import upload_and_import

pytestmark = pytest.mark.integration

PAYLOADS = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)"]
HEADER = [*FRENCH_HEADER, *PAYLOADS]


@pytest.fixture
def batch(client, world, django_capture_on_commit_callbacks):
    client.force_login(world.users["agency_officer"])
    content = csv_bytes([GOOD_ROWS[0] + PAYLOADS, BAD_ROW + PAYLOADS], header=HEADER)
    return upload_and_import(client, django_capture_on_commit_callbacks, content)


def _is_text(cell, value):
    return cell.data_type == "s" and cell.value == "'" + value


def test_error_report_writes_no_formula(client, batch):
    response = client.get(reverse("imports:batch_report", args=[batch.pk]))
    sheet = openpyxl.load_workbook(io.BytesIO(response.content)).worksheets[0]
    header, row = list(sheet.iter_rows(min_row=1, max_row=2))
    assert [c.value for c in header[6 : 6 + len(FRENCH_HEADER)]] == FRENCH_HEADER
    for cell, payload in zip(header[-len(PAYLOADS) :], PAYLOADS, strict=True):
        assert _is_text(cell, payload), (cell.value, cell.data_type)
    for cell, payload in zip(row[-len(PAYLOADS) :], PAYLOADS, strict=True):
        assert _is_text(cell, payload), (cell.value, cell.data_type)
    assert (row[0].value, row[0].data_type) == (3, "n")  # the line number stays a number
    formulas = [c.coordinate for line in sheet.iter_rows() for c in line if c.data_type == "f"]
    assert formulas == []


def test_rejected_rows_csv_writes_no_formula(client, batch):
    response = client.get(reverse("imports:batch_rejected", args=[batch.pk]))
    rows = list(csv.reader(io.StringIO(response.content.decode("utf-8")), delimiter=";"))
    assert rows[0][-1 - len(PAYLOADS) : -1] == ["'" + p for p in PAYLOADS]
    assert rows[1][-1 - len(PAYLOADS) : -1] == ["'" + p for p in PAYLOADS]
    assert rows[1][: len(BAD_ROW)] == BAD_ROW  # what was not a formula is as the file had it
