"""Every file Rowad exports (CSV, XLSX) passes its cells through the one neutralising
helper, rowad.core.spreadsheets.neutralise (issue 18, hole 2)."""

import csv
import io
import re
from pathlib import Path

import openpyxl
import pytest

from rowad.core.spreadsheets import neutralise, neutralise_row

PAYLOADS = ['=HYPERLINK("http://evil.example","clic")', "+cmd|' /C calc'!A0", "-1+1", "@SUM(A1:A9)", "\t=1+1"]
ROOT = Path(__file__).resolve().parents[2] / "rowad"
WRITES_A_SHEET = re.compile(r"csv\.writer\(|Workbook\(")
# Files that write a CSV no person opens: DuckDB's working files of the duplicate search,
# and the demo's input file (the import reads it back).
NOT_EXPORTS = {"people/matching/engine.py", "imports/demo.py"}


@pytest.mark.unit
@pytest.mark.parametrize("payload", PAYLOADS)
def test_neutralise_turns_a_formula_into_text(payload):
    assert neutralise(payload) == "'" + payload


@pytest.mark.unit
@pytest.mark.parametrize("value", [3, 2.5, -4, None, "+213 550 12 34 56", "-12", "Benali", "", "0550"])
def test_neutralise_keeps_numbers_phones_and_plain_text(value):
    assert neutralise(value) == value


@pytest.mark.unit
def test_every_module_writing_a_sheet_neutralises_its_cells():
    writers = {
        str(path.relative_to(ROOT))
        for path in ROOT.rglob("*.py")
        if "migrations" not in path.parts and WRITES_A_SHEET.search(path.read_text(encoding="utf-8"))
    }
    assert len(writers) >= 6  # the scan still finds the exporters
    unguarded = sorted(
        name
        for name in writers - NOT_EXPORTS
        if "neutralise" not in (ROOT / name).read_text(encoding="utf-8")
    )
    assert unguarded == []


def _cell_writers():
    from rowad.enterprises.views.figures import _safe_cell as enterprises_cell
    from rowad.figures.exports.csv import text as figures_csv_cell
    from rowad.financing.views.arrears import _safe_cell as financing_cell
    from rowad.market.views.figures import _safe_cell as market_cell
    from rowad.outreach.views.figures import _safe_cell as outreach_cell

    return {
        "financing portfolio CSV": financing_cell,
        "enterprises figures CSV": enterprises_cell,
        "market figures CSV": market_cell,
        "outreach figures CSV/XLSX": outreach_cell,
        "figures CSV": figures_csv_cell,
    }


@pytest.mark.unit
@pytest.mark.parametrize("exporter", list(_cell_writers()))
def test_each_exporter_writes_payloads_as_text_in_csv(exporter):
    cell = _cell_writers()[exporter]
    out = io.StringIO()
    csv.writer(out).writerow([cell(p) for p in PAYLOADS] + [cell(12)])
    written = next(csv.reader(io.StringIO(out.getvalue())))
    assert written == ["'" + p for p in PAYLOADS] + ["12"]


@pytest.mark.unit
@pytest.mark.parametrize("exporter", ["outreach figures CSV/XLSX", "figures XLSX"])
def test_each_xlsx_exporter_writes_payloads_as_text_and_numbers_as_numbers(exporter):
    workbook = openpyxl.Workbook(write_only=True)
    sheet = workbook.create_sheet("t")
    if exporter == "figures XLSX":
        from rowad.figures.exports.xlsx import _cell

        sheet.append([_cell(sheet, p) for p in [*PAYLOADS, 12, 2.5]])
    else:
        cell = _cell_writers()[exporter]
        sheet.append([cell(p) for p in [*PAYLOADS, 12, 2.5]])
    out = io.BytesIO()
    workbook.save(out)
    row = next(openpyxl.load_workbook(io.BytesIO(out.getvalue())).active.iter_rows())
    assert [(c.data_type, c.value) for c in row] == [("s", "'" + p) for p in PAYLOADS] + [
        ("n", 12),
        ("n", 2.5),
    ]


@pytest.mark.integration
def test_duplicates_export_neutralises_the_source_keys(db, monkeypatch):
    from rowad.people import duplicates
    from tests.factories import PersonFactory

    a, b = PersonFactory(), PersonFactory()
    candidate = duplicates.DuplicateCandidate.objects.create(
        person_a=a, person_b=b, score=-1.5, probability=0.5, explanation=[]
    )
    monkeypatch.setattr(duplicates, "source_keys", lambda ids: {a.pk: ("=HYPERLINK(1)", "@SUM(1)")})
    out = io.StringIO()
    duplicates.write_export(out, duplicates.DuplicateCandidate.objects.filter(pk=candidate.pk))
    rows = list(csv.reader(io.StringIO(out.getvalue())))
    assert rows[1][2:4] == ["'=HYPERLINK(1)", "'@SUM(1)"]
    assert rows[1][6] == "-1.50"  # a number written as text stays as it is


@pytest.mark.unit
def test_neutralise_row():
    assert neutralise_row(["=1", 1, None]) == ["'=1", 1, None]
