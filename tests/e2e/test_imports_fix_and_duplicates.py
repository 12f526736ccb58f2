"""Issue 16, items 9 and 10 in Arabic: the mapping page shows the first values of each
column, the rejected rows download as a CSV to fix, and the imported duplicate of a
registered person enters the review queue by itself, where the pair page says how likely
in words and previews the merged person."""

from __future__ import annotations

import shutil
from datetime import date
from pathlib import Path

import pytest

from rowad.people.models import DuplicateCandidate
from tests.e2e.conftest import login, screenshot
from tests.e2e.test_imports_upload import CASES, officer, upload  # noqa: F401 - the fixture
from tests.factories import PersonFactory
from tests.imports.factories import BAD_ROW, GOOD_ROWS, csv_bytes

pytestmark = pytest.mark.e2e

DOCS = Path(__file__).resolve().parents[2] / "docs" / "screenshots"


def test_samples_and_the_rejected_rows_in_arabic(open_page, officer):  # noqa: F811
    page = open_page("ar")
    login(page, officer.username)
    upload(page, csv_bytes([*GOOD_ROWS, BAD_ROW]), "Caravane à corriger")
    samples = page.locator("#column-samples")
    samples.wait_for()
    assert "Mohamed · Fatima · Amine" in samples.inner_text()
    screenshot(page, "imports-samples-ar")
    page.get_by_role("button", name=CASES["ar"]["check"]).click()
    page.locator("#batch-summary", has_text=CASES["ar"]["ready"]).wait_for()
    with page.expect_download() as download:
        page.get_by_role("link", name="تنزيل الأسطر المرفوضة لتصحيحها (CSV)").click()
    assert download.value.suggested_filename.endswith("-rejected.csv")
    content = Path(download.value.path()).read_text(encoding="utf-8")
    assert content.splitlines()[1].startswith("A4;Bad;Phone")
    assert "الخطأ" in content.splitlines()[0]


def test_an_imported_duplicate_reaches_the_pair_page_in_arabic(open_page, officer):  # noqa: F811
    PersonFactory(
        given_name_ar="محمد", family_name_ar="بن علي", given_name_latin="", family_name_latin="",
        national_id="", phone="+213550123456", birth_date=date(1997, 3, 12), sex="M",
    )  # fmt: skip
    PersonFactory(
        given_name_ar="ياسين", family_name_ar="بن علي", given_name_latin="Yacine", family_name_latin="Benali",
        national_id="987654321098765432", phone="+213550123456", birth_date=date(1997, 3, 12), sex="M",
    )  # fmt: skip
    row = [
        "B1",
        "Mouhamed",
        "Ben Ali",
        "",
        "",
        "199703120012345678",
        "12/03/1997",
        "H",
        "0550 12 34 56",
        "31",
    ]
    page = open_page("ar")
    login(page, officer.username)
    upload(page, csv_bytes([row]), "Caravane doublon")
    page.get_by_role("button", name=CASES["ar"]["check"]).click()
    page.locator("#batch-summary").wait_for()
    page.get_by_role("button", name=CASES["ar"]["import"]).click()
    page.locator("#batch-summary", has_text="استُورد شخص واحد.").wait_for()
    pair = DuplicateCandidate.objects.order_by("-score").first()
    page.goto(f"/people/duplicates/{pair.pk}/")
    likelihood = page.locator("#likelihood")
    likelihood.wait_for()
    assert "الشخص نفسه" in likelihood.inner_text() and "%" in likelihood.inner_text()
    assert "من السجل الآخر" in page.locator("#merge-preview").inner_text()
    assert page.locator("#pair-records").count() == 1
    path = screenshot(page, "duplicate-pair-ar")
    DOCS.mkdir(parents=True, exist_ok=True)
    shutil.copy(path, DOCS / "duplicate-pair-ar.png")
