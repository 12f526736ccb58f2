"""An officer reads the figures in Arabic and French: the national dashboard shows only
their provinces, a click on a province of the map filters the page, a click on a bar lands
on the list of exactly the records it counts; the XLSX and the PDF report download."""

from __future__ import annotations

import datetime as dt
import subprocess

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.core.enums import Sex
from tests.e2e.conftest import login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province
from tests.outreach.factories import CampaignFactory, PhaseFactory, RegistrationFactory, StopFactory

pytestmark = pytest.mark.e2e

# Registrations per province and sex: Oran and Skikda are the officer's, Annaba is not.
REGISTRATIONS = {("31", Sex.FEMALE): 3, ("31", Sex.MALE): 5, ("21", Sex.FEMALE): 2, ("23", Sex.MALE): 4}


@pytest.fixture
def figures_world(transactional_db):
    oran, skikda, annaba = province("DZ", "31"), province("DZ", "21"), province("DZ", "23")
    agency = OrganizationFactory(name_fr="ANADE", name_ar="أناد", provinces=[oran, skikda, annaba])
    officer = UserFactory(username="officer-figures")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran, skikda])
    campaign = CampaignFactory(name_ar="القافلة", name_fr="La caravane", lead_organization=agency,
                               organizations=[agency])  # fmt: skip
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[oran, skikda, annaba])
    captured = timezone.now() - dt.timedelta(days=2)
    for (code, sex), count in REGISTRATIONS.items():
        place = {"31": oran, "21": skikda, "23": annaba}[code]
        stop = StopFactory(phase=phase, province=place, host_organization=agency)
        for _ in range(count):
            RegistrationFactory(
                stop=stop, person=PersonFactory(sex=sex, province=place), captured_at=captured
            )
    return {"oran": oran, "skikda": skikda}


def _registered(page) -> str:
    return page.locator('#funnel [data-indicator="registered"] [data-value]').inner_text().strip()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_officer_reads_the_funnel_and_lands_on_its_records(open_page, figures_world, language):
    page = open_page(language)
    login(page, "officer-figures")
    page.goto("/figures/?country=DZ")
    # 3 + 5 in Oran, 2 in Skikda: Annaba's 4 are outside the officer's provinces.
    assert _registered(page) == "10"
    screenshot(page, f"figures-dashboard-{language}")
    page.locator('#funnel [data-indicator="registered"] [data-value] a').click()
    page.wait_for_url("**/figures/records/registered/**")
    assert page.locator("#records-total").inner_text().strip() == "10"
    assert page.locator("#records tbody tr").count() == 10


def _chart_ready(page, kind: str) -> None:
    page.wait_for_function(
        "kind => { const el = document.querySelector(`[data-chart=${kind}]`);"
        " const chart = el && window.echarts && echarts.getInstanceByDom(el);"
        " return !!(chart && chart.getOption().series.length); }",
        arg=kind,
    )


def _click_chart(page, kind: str, script: str) -> None:
    """Click the chart where ECharts says a data point is drawn (`script` returns its
    [x, y] inside the chart from `chart`)."""
    _chart_ready(page, kind)
    element = page.locator(f"[data-chart={kind}]")
    x, y = page.evaluate(
        f"() => {{ const chart = echarts.getInstanceByDom(document.querySelector('[data-chart={kind}]'));"
        f" return {script}; }}"
    )
    box = element.bounding_box()
    page.mouse.click(box["x"] + x, box["y"] + y)


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_officer_clicks_a_province_then_a_bar_and_lands_on_its_records(open_page, figures_world, language):
    page = open_page(language)
    login(page, "officer-figures")
    page.goto("/figures/?country=DZ")
    # Oran, inland of the city (longitude, latitude): the map reloads the page on Oran.
    _click_chart(page, "map", "chart.convertToPixel({seriesIndex: 0}, [-0.55, 35.55])")
    page.wait_for_url(f"**province={figures_world['oran'].pk}**")
    assert (
        "وهران" in page.locator("#dashboard-title").inner_text()
        or "Oran" in page.locator("#dashboard-title").inner_text()
    )
    assert _registered(page) == "8"
    screenshot(page, f"figures-province-{language}")
    # The funnel's second bar (registrations): half its length lies inside the bar.
    _click_chart(page, "funnel", "chart.convertToPixel({seriesIndex: 0}, [4, 1])")
    page.wait_for_url("**/figures/records/registered/**")
    assert page.locator("#records-total").inner_text().strip() == "8"
    assert page.locator("#records tbody tr").count() == 8


def test_officer_downloads_the_figures_as_xlsx_and_the_report_as_pdf(open_page, figures_world, tmp_path):
    from openpyxl import load_workbook

    page = open_page("ar")
    login(page, "officer-figures")
    page.goto("/figures/?country=DZ")
    with page.expect_download() as xlsx_download:
        page.locator(".figures-exports a", has_text="XLSX").click()
    assert xlsx_download.value.suggested_filename.endswith(".xlsx")
    xlsx = tmp_path / "figures.xlsx"
    xlsx_download.value.save_as(xlsx)
    workbook = load_workbook(xlsx)
    sheet = workbook.worksheets[0]
    assert sheet.sheet_view.rightToLeft
    values = [row for row in sheet.iter_rows(values_only=True) if row and 10 in row]
    assert values, "the registrations of the officer's provinces (10) are in the sheet"
    # The report opens in the browser's PDF viewer: fetch it as the logged-in officer.
    href = page.locator("#figures-reports a").first.get_attribute("href")
    response = page.context.request.get(href)
    assert response.headers["content-type"] == "application/pdf"
    pdf = tmp_path / "report.pdf"
    pdf.write_bytes(response.body())
    assert pdf.read_bytes()[:4] == b"%PDF"
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(pdf), "-"], capture_output=True, text=True
    ).stdout
    # Shaped and in reading order: the Arabic words come out of the PDF as they were typed.
    assert "التسجيلات" in text
