"""Submission exports read as the tools write them: ODK Central's and ODK Briefcase's CSV
("-" between group and field, KEY), KoboToolbox's CSV and XLSX with XML names or labels and
its group separator "/", "-" or ".", its `_uuid` (never its per-server `_id`)."""

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.imports import processing, services
from rowad.imports.enums import BatchStatus
from rowad.imports.mapping import suggest_mapping
from rowad.imports.models import ImportedRecord
from rowad.imports.readers import group_separator, read_file
from rowad.people.models import Person
from tests.imports.factories import csv_bytes, xlsx_bytes

pytestmark = pytest.mark.integration

PEOPLE = [
    ("Amine", "Bouzid", "1998-03-12", "male", "0550123456", "31"),
    ("Fatima", "Saidi", "1999-01-02", "female", "0661234567", "Oran"),
    ("Karim", "Haddad", "2000-07-30", "male", "0770123456", "31"),
]
KOBO_META = ["_id", "_uuid", "_submission_time", "_validation_status", "_notes", "_status", "_submitted_by",
             "__version__", "_tags", "_index"]  # fmt: skip
CENTRAL_SYSTEM = ["KEY", "SubmitterID", "SubmitterName", "AttachmentsPresent", "AttachmentsExpected", "Status",
                  "ReviewState", "DeviceID", "Edits", "FormVersion"]  # fmt: skip


def central_csv(edited: bool = False) -> tuple[list[str], list[list[str]]]:
    """ODK Central's CSV export (submissions.csv): SubmissionDate, the form's meta group
    and fields with "-" between group and field, then KEY and Central's system columns. An
    edited submission has a new meta-instanceID; its KEY stays the first."""
    header = ["SubmissionDate", "meta-instanceID", "identite-prenom", "identite-nom", "identite-date_naissance",
              "identite-sexe", "contact-telephone", "contact-wilaya", *CENTRAL_SYSTEM]  # fmt: skip
    rows = []
    for index, person in enumerate(PEOPLE):
        key = f"uuid:c0a1-{index}"
        instance = f"uuid:c0a1-{index}-edit" if edited else key
        rows.append(["2026-09-03T10:00:00.000Z", instance, *person, key, "5", "caravane-oran", "0", "0", "",
                     "", "collect:abc", "1" if edited else "0", "2026090301"])  # fmt: skip
    return header, rows


def briefcase_csv() -> tuple[list[str], list[list[str]]]:
    """ODK Briefcase's CSV export: SubmissionDate, fields with "-", meta-instanceID, KEY."""
    header = ["SubmissionDate", "start", "end", "identite-prenom", "identite-nom", "identite-date_naissance",
              "identite-sexe", "contact-telephone", "contact-wilaya", "meta-instanceID", "KEY"]  # fmt: skip
    rows = [["Sep 3, 2026 10:00:00 AM", "2026-09-03T09:50", "2026-09-03T09:58", *p, f"uuid:b-{i}", f"uuid:b-{i}"]
            for i, p in enumerate(PEOPLE)]  # fmt: skip
    return header, rows


def kobo_xml(sep: str) -> tuple[list[str], list[list[str]]]:
    """KoboToolbox, "XML values and headers", groups included with the separator `sep`."""
    fields = [f"identite{sep}prenom", f"identite{sep}nom", f"identite{sep}date_naissance", f"identite{sep}sexe",
              f"contact{sep}telephone", f"contact{sep}wilaya"]  # fmt: skip
    header = ["start", "end", *fields, f"meta{sep}instanceID", *KOBO_META]
    rows = [["2026-09-03T09:50", "2026-09-03T09:58", *p, f"uuid:k-{i}", str(900 + i), f"k-{i}",
             "2026-09-03T10:00:00", "", "[]", "submitted_via_web", "", "vX", "[]", str(i + 1)]
            for i, p in enumerate(PEOPLE)]  # fmt: skip
    return header, rows


def kobo_labels(sep: str) -> tuple[list[str], list[list[str]]]:
    """KoboToolbox, labels as headers (French form), groups included, no meta group
    exported: the rows are keyed on `_uuid`, never on `_id`."""
    labels = [f"Identité{sep}Prénom", f"Identité{sep}Nom", f"Identité{sep}Date de naissance",
              f"Identité{sep}Sexe", f"Contact{sep}Téléphone", f"Contact{sep}Wilaya"]  # fmt: skip
    header = ["start", "end", *labels, *KOBO_META]
    rows = [["2026-09-03T09:50", "2026-09-03T09:58", *p, str(900 + i), f"k-{i}", "2026-09-03T10:00:00", "",
             "[]", "submitted_via_web", "", "vX", "[]", str(i + 1)]
            for i, p in enumerate(PEOPLE)]  # fmt: skip
    return header, rows


LAYOUTS = {
    "odk-central": (central_csv(), "csv", "-", "KEY"),
    "odk-briefcase": (briefcase_csv(), "csv", "-", "KEY"),
    "kobo-xml-slash": (kobo_xml("/"), "csv", "/", "meta/instanceID"),
    "kobo-xml-dash": (kobo_xml("-"), "csv", "-", "meta-instanceID"),
    "kobo-xml-dot": (kobo_xml("."), "csv", ".", "meta.instanceID"),
    "kobo-xml-xlsx": (kobo_xml("/"), "xlsx", "/", "meta/instanceID"),
    "kobo-labels-slash": (kobo_labels("/"), "csv", "/", "_uuid"),
    "kobo-labels-dash": (kobo_labels("-"), "csv", "-", "_uuid"),
    "kobo-labels-dot-xlsx": (kobo_labels("."), "xlsx", ".", "_uuid"),
}


def _file(layout: str) -> tuple[str, bytes]:
    (header, rows), kind, _sep, _key = LAYOUTS[layout]
    if kind == "xlsx":
        return f"{layout}.xlsx", xlsx_bytes(rows, header=header)
    return f"{layout}.csv", csv_bytes(rows, header=header, delimiter=",")


@pytest.mark.parametrize("layout", LAYOUTS)
def test_export_layout_is_recognised_and_mapped(layout, write_file):
    name, content = _file(layout)
    (header, _rows), _kind, sep, key = LAYOUTS[layout]
    table = read_file(write_file(name, content))
    assert (table.key_column, table.group_separator) == (key, sep)
    mapping = suggest_mapping(table.headers, key_column=table.key_column, separator=table.group_separator)
    assert mapping == {
        "source_key": key,
        "given_name_latin": next(h for h in header if h.endswith(("prenom", "Prénom"))),
        "family_name_latin": next(h for h in header if h.endswith(("nom", "Nom")) and "pr" not in h.lower()),
        "birth_date": next(h for h in header if h.endswith(("date_naissance", "Date de naissance"))),
        "sex": next(h for h in header if h.endswith(("sexe", "Sexe"))),
        "phone": next(h for h in header if h.endswith(("telephone", "Téléphone"))),
        "province": next(h for h in header if h.endswith(("wilaya", "Wilaya"))),
    }
    assert "_id" not in mapping.values()


@pytest.mark.parametrize("layout", LAYOUTS)
def test_export_layout_imports_every_row(layout, world):
    name, content = _file(layout)
    user = world.users["agency_officer"]
    batch = services.create_batch(
        SimpleUploadedFile(name, content), actor=user, source_name=layout, country="DZ",
        organization=world.oran_agency, read_now=True,
    )  # fmt: skip
    batch = processing.run_batch_now(services.start_import(batch, actor=user, enqueue=False).pk)
    assert (batch.status, batch.rows_written, batch.rows_rejected) == (BatchStatus.DONE, 3, 0)
    (header, rows), _kind, _sep, key = LAYOUTS[layout]
    keys = set(ImportedRecord.objects.filter(batch=batch).values_list("key", flat=True))
    assert keys == {row[header.index(key)] for row in rows}
    amine = Person.objects.get(family_name_latin="Bouzid")
    assert (amine.given_name_latin, amine.phone, amine.sex, amine.province.code) == (
        "Amine",
        "+213550123456",
        "M",
        "31",
    )


def test_odk_central_edited_submissions_are_recognised_by_their_key(world):
    """A submission edited in Central gets a new meta-instanceID; its KEY stays: the export
    taken again after the edits imports nothing twice."""
    user = world.users["agency_officer"]
    for edited in (False, True):
        header, rows = central_csv(edited=edited)
        batch = services.create_batch(
            SimpleUploadedFile("central.csv", csv_bytes(rows, header=header, delimiter=",")),
            actor=user, source_name="Central", country="DZ", organization=world.oran_agency, read_now=True,
        )  # fmt: skip
        batch = processing.run_batch_now(services.start_import(batch, actor=user, enqueue=False).pk)
    assert (batch.rows_written, batch.rows_already) == (0, 3)
    assert Person.objects.count() == 3


def test_kobo_export_is_keyed_on_uuid_not_on_the_per_server_id(world):
    """The same Kobo submissions exported from another server (other `_id` numbers, same
    `_uuid`) are recognised as already imported."""
    user = world.users["agency_officer"]
    header, rows = kobo_labels("/")
    for shift in (0, 5000):
        moved = [
            [str(int(c) + shift) if h == "_id" else c for h, c in zip(header, row, strict=True)]
            for row in rows
        ]
        batch = services.create_batch(
            SimpleUploadedFile("kobo.csv", csv_bytes(moved, header=header, delimiter=",")),
            actor=user, source_name="Kobo", country="DZ", organization=world.oran_agency, read_now=True,
        )  # fmt: skip
        batch = processing.run_batch_now(services.start_import(batch, actor=user, enqueue=False).pk)
    assert (batch.rows_written, batch.rows_already) == (0, 3)


def test_group_separator_of_plain_spreadsheets_is_none():
    assert group_separator(["Prénom", "Nom", "e-mail", "Tél. 2", "Date de naissance"]) == ""
    assert group_separator(["identite-prenom", "identite-nom", "contact-telephone"]) == "-"


def test_plain_headers_with_a_dash_or_dot_keep_their_meaning():
    headers = ["Prénom", "Nom", "e-mail", "Date-de-naissance", "Tel. 2"]
    assert suggest_mapping(headers, separator="") == {
        "given_name_latin": "Prénom",
        "family_name_latin": "Nom",
        "email": "e-mail",
        "birth_date": "Date-de-naissance",
        "phone_alt": "Tel. 2",
    }
