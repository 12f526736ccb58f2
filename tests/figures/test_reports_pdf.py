"""The figures report as a PDF: Arabic shaped and in logical order, the engine's numbers
for the reader's scope only, a map or a note when the boundaries are missing."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from rowad.figures import engine, svg
from rowad.figures.indicators import REGISTRY
from rowad.figures.pdf import build_report, report_pdf
from rowad.figures.queries import figures_scope

pytestmark = pytest.mark.django_db


def _text(pdf: bytes) -> str:
    return subprocess.run(["pdftotext", "-", "-"], input=pdf, capture_output=True, check=True).stdout.decode()


def _report(user, language: str, codes=("visitors", "enterprises_created"), **kwargs) -> tuple[bytes, int]:
    scope = figures_scope(user)
    with translation.override(language):
        filters = engine.parse_filters({}, scope)
        pdf = report_pdf(scope, filters, list(codes), **kwargs)
    return pdf, engine.total(REGISTRY["visitors"], scope, filters).value


def test_report_pdf_arabic_labels_in_logical_order(counts):
    pdf, _total = _report(counts.oran_officer, "ar")
    text = _text(pdf)
    assert pdf[:4] == b"%PDF"
    assert "المؤسسات المنشأة" in text
    assert "الزوار" in text


def test_report_pdf_numbers_are_the_engine_totals_of_the_reader_scope(counts):
    pdf, total = _report(counts.oran_officer, "fr")
    lines = _text(pdf).split()
    assert total == counts.oran + counts.october_oran
    assert str(total) in lines
    assert str(total + counts.alger) not in lines


def test_report_pdf_names_a_missing_indicator(counts):
    with translation.override("en"):
        pdf, _total = _report(counts.oran_officer, "en", codes=("visitors", "gone_away"))
    assert "“gone_away” no longer exists" in " ".join(_text(pdf).split())


def test_report_map_shades_the_provinces_read(counts):
    scope = figures_scope(counts.oran_officer)
    with translation.override("fr"):
        report = build_report(scope, engine.parse_filters({}, scope), ["visitors"])
    assert 'data-code="31" ' not in report.map_svg
    assert f'fill="{svg.SCALE[-1]}" stroke="#ffffff" stroke-width="0.6" data-code="31"' in report.map_svg


def test_report_map_missing_boundaries_leave_a_note(counts, monkeypatch, tmp_path):
    monkeypatch.setattr(svg, "GEO_DIR", tmp_path)
    scope = figures_scope(counts.oran_officer)
    with translation.override("en"):
        report = build_report(scope, engine.parse_filters({}, scope), ["visitors"])
    assert (report.map_svg, report.map_note) == (
        "",
        "The map of the provinces is not available on this server.",
    )


def test_report_pdf_view_returns_a_pdf(client, counts):
    client.force_login(counts.oran_officer)
    response = client.get(reverse("figures:report_pdf"), {"indicator": ["visitors"], "from": "2026-11-01"})
    assert (response.status_code, response["Content-Type"], response.content[:4]) == (
        200,
        "application/pdf",
        b"%PDF",
    )


def test_report_pdf_view_refuses_a_province_outside_the_scope(client, counts, world):
    client.force_login(counts.alger_officer)
    response = client.get(reverse("figures:report_pdf"), {"province": world.oran.pk})
    assert response.status_code == 403
