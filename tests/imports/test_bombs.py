"""Issue 18, hole 1: XLSX bombs. The archive's declared content is checked before openpyxl
opens it, rows and columns are capped, and the upload request reads no row."""

import time

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.test import TestCase
from django.urls import reverse

from rowad.core.archives import ArchiveLimits, ArchiveRefused, check_archive
from rowad.imports import processing, readers
from rowad.imports.enums import BatchStatus
from rowad.imports.models import ImportBatch
from rowad.imports.readers import ImportFileError, read_file
from tests.imports import bombs
from tests.imports.factories import GOOD_ROWS, csv_bytes

pytestmark = pytest.mark.integration


@pytest.fixture
def officer_client(client, world):
    client.force_login(world.users["agency_officer"])
    return client


def upload(client, content: bytes, name: str):
    data = {"file": SimpleUploadedFile(name, content), "source": "S", "country": "DZ", "mode": "valid-rows"}
    with TestCase.captureOnCommitCallbacks(execute=True):
        return client.post(reverse("imports:batch_upload"), data)


@pytest.mark.parametrize(
    "build", [bombs.rows_bomb, bombs.shared_strings_bomb], ids=["rows", "shared-strings"]
)
def test_bomb_upload_is_refused_fast_before_opening(officer_client, build, monkeypatch):
    content = build()
    assert len(content) < 200 * 1024  # a small file …
    opened = []
    monkeypatch.setattr("openpyxl.load_workbook", lambda *a, **k: opened.append(a))
    response = upload(officer_client, content, "bomb.xlsx")
    assert response.status_code == 200
    assert "compressed more than 100 times" in response.content.decode()
    assert opened == []  # … never handed to openpyxl (33 s and 35 s in the request before)
    assert ImportBatch.objects.count() == 0


@pytest.mark.parametrize(
    "build", [bombs.rows_bomb, bombs.shared_strings_bomb], ids=["rows", "shared-strings"]
)
def test_bomb_is_refused_in_milliseconds(write_file, build):
    path = write_file("bomb.xlsx", build())
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        readers.check_file(path, file_name="bomb.xlsx")
    assert refused.value.code == "archive_too_compressed"
    assert time.monotonic() - started < 0.5


def test_archive_over_the_unpacked_limit_is_refused(write_file):
    path = write_file("big.xlsx", bombs.rows_bomb(megabytes=3))
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(
            path, limits=ArchiveLimits(max_unzipped_bytes=2 * 2**20, max_ratio=10_000, max_members=100)
        )
    assert refused.value.code == "archive_too_large"
    assert "would take 3 MB; at most 2 MB" in refused.value.message


def test_archive_with_too_many_parts_or_a_leaving_name_is_refused(write_file):
    path = write_file("a.xlsx", bombs.small_workbook())
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(path, limits=ArchiveLimits(max_unzipped_bytes=2**30, max_ratio=100, max_members=3))
    assert refused.value.code == "archive_too_many_members"
    path = write_file("b.xlsx", bombs.with_parts(bombs.small_workbook(), {"../../etc/passwd": b"x"}))
    with pytest.raises(ArchiveRefused) as refused:
        check_archive(path)
    assert refused.value.code == "archive_bad_member_name"


def test_an_ordinary_workbook_passes_the_guard(write_file):
    assert check_archive(write_file("a.xlsx", bombs.small_workbook())) > 0


def test_xml_bomb_inside_a_workbook_is_refused_not_expanded(write_file):
    started = time.monotonic()
    with pytest.raises(ImportFileError) as refused:
        table = read_file(write_file("laughs.xlsx", bombs.billion_laughs()))
        list(table.rows)
    assert refused.value.code == "bad_xlsx"
    assert time.monotonic() - started < 2


def test_the_upload_request_reads_no_row(officer_client, monkeypatch):
    """The request stores the file and checks its first bytes; the header and the row
    count come from the background task."""
    calls = []
    monkeypatch.setattr(readers, "read_csv", lambda *a, **k: calls.append(a) or readers.read_csv(*a, **k))
    response = officer_client.post(
        reverse("imports:batch_upload"),
        {"file": SimpleUploadedFile("a.csv", csv_bytes(GOOD_ROWS)), "source": "S", "country": "DZ",
         "mode": "valid-rows"},
    )  # fmt: skip
    assert response.status_code == 302
    batch = ImportBatch.objects.get()
    assert (batch.status, batch.headers, batch.rows_total, calls) == (BatchStatus.READING, [], 0, [])
    page = officer_client.get(reverse("imports:batch_detail", args=[batch.pk])).content.decode()
    assert "Reading the file" in page and 'hx-trigger="every 1s"' in page
    monkeypatch.undo()
    batch = processing.read_batch_now(batch.pk)
    assert (batch.status, batch.rows_total) == (BatchStatus.UPLOADED, 3)
    assert batch.mapping.get("family_name_latin") == "Nom"


def test_rows_over_the_cap_fail_the_batch_with_a_message(officer_client, settings):
    settings.ROWAD_IMPORT_MAX_ROWS = 2
    upload(officer_client, csv_bytes(GOOD_ROWS), "a.csv")
    batch = ImportBatch.objects.get()
    assert batch.status == BatchStatus.FAILED
    assert batch.failure_text == "This file has more than 2 rows. Split it and import each part."


def test_a_wide_row_is_cut_at_the_column_cap(write_file):
    import io

    import openpyxl

    workbook = openpyxl.Workbook()
    workbook.active.append(["Nom", "Prénom"])
    workbook.active.append(["Benali", "Mohamed", *["x"] * 5000])
    out = io.BytesIO()
    workbook.save(out)
    table = read_file(write_file("wide.xlsx", out.getvalue()))
    [(line, cells)] = list(table.rows)
    assert (line, len(cells)) == (2, readers.MAX_COLUMNS)
