import pytest

from rowad.imports.mapping import parse_map_options, suggest_mapping
from rowad.imports.readers import ImportFileError, detect_encoding, read_file
from tests.imports.factories import FRENCH_HEADER, GOOD_ROWS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.unit


def _rows(table):
    return list(table.rows)


def test_read_csv_utf8_semicolon(write_file):
    table = read_file(write_file("a.csv", csv_bytes(GOOD_ROWS)))
    assert (table.encoding, table.delimiter, table.headers) == ("utf-8", ";", FRENCH_HEADER)
    assert _rows(table)[0] == (2, GOOD_ROWS[0])


def test_read_csv_utf8_bom_comma(write_file):
    table = read_file(write_file("a.csv", b"\xef\xbb\xbf" + csv_bytes(GOOD_ROWS, delimiter=",")))
    assert (table.encoding, table.delimiter, table.headers[0]) == ("utf-8-sig", ",", "Identifiant")


def test_read_csv_tab(write_file):
    table = read_file(write_file("a.tsv", csv_bytes(GOOD_ROWS, delimiter="\t")))
    assert table.delimiter == "\t"
    assert len(_rows(table)) == 3


def test_read_csv_windows_1256_detected(write_file):
    table = read_file(write_file("a.csv", csv_bytes(GOOD_ROWS[:1], encoding="cp1256")))
    assert table.encoding == "cp1256"
    assert _rows(table)[0][1][3:5] == ["محمد", "بن علي"]


def test_read_csv_latin1_detected(write_file):
    rows = [["A9", "Hélène", "Bénard", "", "", "", "", "F", "", "31"]]
    header = [h for h in FRENCH_HEADER if h.isascii() or h[0] != "ا"]
    table = read_file(write_file("a.csv", csv_bytes(rows, header=header, encoding="latin-1")))
    assert table.encoding == "latin-1"
    assert _rows(table)[0][1][1:3] == ["Hélène", "Bénard"]


def test_read_csv_wrong_encoding_chosen_is_refused(write_file):
    path = write_file("a.csv", csv_bytes(GOOD_ROWS[:1], encoding="cp1256"))
    with pytest.raises(ImportFileError) as exc:
        read_file(path, encoding="utf-8")
    assert exc.value.code == "bad_encoding"


def test_detect_encoding_prefers_utf8():
    assert detect_encoding("Prénom;محمد".encode()) == "utf-8"


def test_binary_file_renamed_csv_is_refused(write_file):
    with pytest.raises(ImportFileError) as exc:
        read_file(write_file("photo.csv", b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR" + bytes(200)))
    assert exc.value.code == "binary"


def test_xlsx_renamed_csv_is_refused(write_file):
    with pytest.raises(ImportFileError) as exc:
        read_file(write_file("a.csv", xlsx_bytes(GOOD_ROWS)))
    assert exc.value.code == "not_csv"


def test_empty_file_is_refused(write_file):
    with pytest.raises(ImportFileError) as exc:
        read_file(write_file("a.csv", b""))
    assert exc.value.code == "empty"


def test_header_of_500_columns_is_refused(write_file):
    header = [f"c{i}" for i in range(500)]
    with pytest.raises(ImportFileError) as exc:
        read_file(write_file("a.csv", csv_bytes([], header=header, delimiter=",")))
    assert exc.value.code == "too_many_columns"


def test_read_xlsx_dates_serials_and_formulas(write_file):
    import datetime

    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.append(["Prénom", "Date de naissance", "Âge"])
    sheet.append(["Amine", datetime.date(1998, 3, 12), "=2026-1998"])
    sheet.append(["Sarah", 35000, None])
    sheet.merge_cells("A4:B4")
    sheet["A4"] = "Fusion"
    path = write_file("a.xlsx", b"")
    workbook.save(path)
    table = read_file(path)
    rows = _rows(table)
    assert table.file_format == "xlsx"
    assert rows[0][1][1] == datetime.datetime(1998, 3, 12)
    assert rows[1][1][1] == 35000
    assert rows[2][1] == ["Fusion"]  # merged cells: the value sits in the first cell
    # Formulas are read as their cached values, never as formula text.
    assert "=2026-1998" not in rows[0][1]


def test_read_xlsx_several_sheets_reads_the_first_with_data(write_file):
    table = read_file(write_file("a.xlsx", xlsx_bytes(GOOD_ROWS, extra_sheets=2)))
    assert len(_rows(table)) == 3
    assert table.notes[0][1]["sheet"] == "Inscriptions"


def test_corrupt_xlsx_is_refused(write_file):
    with pytest.raises(ImportFileError) as exc:
        read_file(write_file("a.xlsx", b"PK\x03\x04garbage"))
    assert exc.value.code == "bad_xlsx"


def test_kobo_export_group_prefixes_and_key(write_file):
    header = [
        "start",
        "group_identite/prenom",
        "group_identite/nom",
        "group_contact/telephone",
        "meta/instanceID",
        "_uuid",
    ]
    rows = [["2026-09-03", "Amine", "Bouzid", "0550123456", "uuid:abc", "abc"]]
    table = read_file(write_file("kobo.csv", csv_bytes(rows, header=header)))
    assert (table.file_format, table.key_column) == ("kobo", "meta/instanceID")
    mapping = suggest_mapping(table.headers, key_column=table.key_column)
    assert mapping == {
        "given_name_latin": "group_identite/prenom",
        "family_name_latin": "group_identite/nom",
        "phone": "group_contact/telephone",
        "source_key": "meta/instanceID",
    }


def test_kobo_root_uuid_preferred_and_odk_central_id(write_file):
    table = read_file(
        write_file(
            "k.csv", csv_bytes([["x", "a", "b"]], header=["prenom", "meta/rootUuid", "meta/instanceID"])
        )
    )
    assert table.key_column == "meta/rootUuid"
    table = read_file(write_file("o.csv", csv_bytes([["x", "a"]], header=["prenom", "__id"])))
    assert table.key_column == "__id"


def test_suggest_mapping_arabic_headers():
    headers = ["الاسم", "اللقب", "رقم التعريف الوطني", "تاريخ الميلاد", "الجنس", "رقم الهاتف", "الولاية"]
    assert suggest_mapping(headers) == {
        "given_name_ar": "الاسم",
        "family_name_ar": "اللقب",
        "national_id": "رقم التعريف الوطني",
        "birth_date": "تاريخ الميلاد",
        "sex": "الجنس",
        "phone": "رقم الهاتف",
        "province": "الولاية",
    }


def test_suggest_mapping_english_headers_and_saved_mapping_wins():
    headers = ["First name", "Last name", "Mobile", "Phone"]
    assert suggest_mapping(headers, saved={"phone": "Mobile", "phone_alt": "Gone"}) == {
        "phone": "Mobile",
        "given_name_latin": "First name",
        "family_name_latin": "Last name",
    }


def test_parse_map_options_rejects_unknown_field_and_conflicts():
    assert parse_map_options(["phone=GSM"]) == {"phone": "GSM"}
    with pytest.raises(ValueError):
        parse_map_options(["salary=X"])
    assert parse_map_options(["phone=GSM", "phone=GSM", "email=Mail"]) == {"phone": "GSM", "email": "Mail"}
    with pytest.raises(ValueError):
        parse_map_options(["phone=GSM", "phone=Tel"])
    with pytest.raises(ValueError):
        parse_map_options(["phone="])


def test_encoding_detected_from_the_whole_file_read_in_chunks(write_file, monkeypatch):
    """A Windows-1256 byte far into the file (beyond the first chunk) is seen: the file is
    checked in chunks, never held whole in memory."""
    from rowad.imports import readers

    monkeypatch.setattr(readers, "READ_CHUNK", 1024)
    header = ["ID", "Prenom", "Nom", "Ism", "Laqab"]
    rows = [[f"A{i}", "Amine", "Bouzid", "", ""] for i in range(4000)]
    rows.append(["Z", "", "", "محمد", "بن علي"])
    content = csv_bytes(rows, header=header, encoding="cp1256")
    assert len(content) > 64 * 1024 and content[:-20].isascii()
    table = read_file(write_file("a.csv", content))
    assert table.encoding == "cp1256"
    assert _rows(table)[-1][1][3:5] == ["محمد", "بن علي"]
    with pytest.raises(ImportFileError) as exc:
        read_file(write_file("b.csv", content), encoding="utf-8")
    assert exc.value.code == "bad_encoding"


def test_csv_is_read_as_a_stream(write_file, monkeypatch):
    from pathlib import Path

    def refuse(self):
        raise AssertionError("the whole file was read into memory")

    monkeypatch.setattr(Path, "read_bytes", refuse)
    table = read_file(write_file("a.csv", csv_bytes(GOOD_ROWS)))
    assert len(_rows(table)) == 3
