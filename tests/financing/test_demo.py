"""The financing demo's invoices are files the disbursement checks accept (the whole demo
is tested in tests/core/test_load_demo.py)."""

import datetime
import subprocess
from decimal import Decimal
from shutil import which

import pytest

from rowad.dossiers.uploads import check_upload
from rowad.financing.demo import HOCEIMA_STORY, Tranche, _amount_text, _invoice, invoice_pdf

pytestmark = pytest.mark.unit


def test_invoice_is_a_pdf_the_upload_checks_accept():
    tranche = HOCEIMA_STORY.tranches[0]
    invoice = _invoice(tranche, Decimal("90000.00"), "MAD", "Coopérative apicole (test)")
    content_type, size, _digest = check_upload(invoice)
    assert content_type == "application/pdf" and size > 500
    assert invoice.name.endswith(".pdf")


@pytest.mark.skipif(which("pdftotext") is None, reason="poppler-utils not installed")
def test_invoice_text_reads_back_with_accents(tmp_path):
    tranche = Tranche(
        "grant",
        "ads",
        datetime.date(2017, 6, 20),
        "equipment",
        "Apiculture du Nord SARL",
        "Tétouan",
        "FA-2017-0263",
        ["Extracteur de miel (inox)"],
    )
    path = tmp_path / "invoice.pdf"
    path.write_bytes(_invoice(tranche, Decimal("42000.00"), "MAD", "Coopérative").read())
    text = subprocess.run(["pdftotext", str(path), "-"], capture_output=True, text=True, check=True).stdout
    assert "FACTURE N° FA-2017-0263 du 20/06/2017" in text
    assert "Extracteur de miel (inox)" in text and "42 000,00 MAD" in text


def test_amounts_are_written_with_french_separators():
    assert _amount_text(Decimal("3150000.00"), "DZD") == "3 150 000,00 DZD"
    assert _amount_text(Decimal("950.5"), "MAD") == "950,50 MAD"


def test_invoice_pdf_escapes_parentheses_and_backslashes():
    pdf = invoice_pdf(["a (b) \\ c"])
    assert b"(a \\(b\\) \\\\ c) Tj" in pdf
    assert pdf.startswith(b"%PDF-1.4") and pdf.rstrip().endswith(b"%%EOF")
