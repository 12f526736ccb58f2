"""An agency officer uploads a caravan's spreadsheet, checks the column mapping and the
preview, imports, watches the progress panel reach its summary and downloads the error
report — in French and in Arabic (right to left)."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province
from tests.imports.factories import BAD_ROW, GOOD_ROWS, csv_bytes

pytestmark = pytest.mark.e2e

CASES = {
    "fr": {
        "upload": "Téléverser et associer les colonnes",
        "check": "Vérifier chaque ligne (aperçu)",
        "import": "Importer maintenant",
        "ready": "3 lignes sont prêtes à importer.",
        "done": "3 personnes ont été importées.",
        "report": "Télécharger le rapport d’erreurs (XLSX)",
        "problem": "Ce numéro de téléphone n'est pas valide.",
    },
    "ar": {
        "upload": "رفع الملف ومطابقة الأعمدة",
        "check": "التحقق من كل الأسطر (معاينة)",
        "import": "استورد الآن",
        "ready": "3 أسطر جاهزة للاستيراد.",
        "done": "استُورد 3 أشخاص.",
        "report": "تنزيل تقرير الأخطاء (XLSX)",
        "problem": "رقم الهاتف هذا غير صالح.",
    },
}


def upload(page, content: bytes, source: str, *, language: str = "ar", name: str = "caravane.csv") -> None:
    """Upload a CSV from the upload page and land on its mapping page."""
    page.goto("/imports/new/")
    page.set_input_files("#id_file", {"name": name, "mimeType": "text/csv", "buffer": content})
    page.fill("#id_source", source)
    page.select_option("#id_country", "DZ")
    page.get_by_role("button", name=CASES[language]["upload"]).click()
    page.wait_for_url("**/imports/*/")


@pytest.fixture
def officer(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", provinces=[oran])
    user = UserFactory(username="importer-e2e")
    MembershipFactory(user=user, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    return user


@pytest.mark.parametrize("language", ["fr", "ar"])
def test_officer_uploads_previews_and_imports(open_page, officer, language):
    case = CASES[language]
    page = open_page(language)
    login(page, officer.username)

    page.goto("/imports/new/")
    page.set_input_files(
        "#id_file",
        {"name": "caravane-oran.csv", "mimeType": "text/csv", "buffer": csv_bytes([*GOOD_ROWS, BAD_ROW])},
    )
    page.fill("#id_source", f"Caravane Oran {language}")
    page.select_option("#id_country", "DZ")
    screenshot(page, f"imports-upload-{language}")
    page.get_by_role("button", name=case["upload"]).click()
    page.wait_for_url("**/imports/*/")
    assert page.locator("#id_map_given_name_latin").input_value() == "Prénom"
    assert page.locator("#id_map_family_name_ar").input_value() == "اللقب"
    assert page.locator("#id_map_source_key").input_value() == "Identifiant"

    page.get_by_role("button", name=case["check"]).click()
    page.locator("#batch-summary", has_text=case["ready"]).wait_for()
    assert case["problem"] in page.locator("#problems").inner_text()
    screenshot(page, f"imports-preview-{language}")

    page.get_by_role("button", name=case["import"]).click()
    page.locator("#batch-summary", has_text=case["done"]).wait_for()
    assert page.locator("#batch-bar").get_attribute("value") == "100"
    assert page.locator("#rows-written").inner_text().strip() == "3"
    assert page.locator("#rows-rejected").inner_text().strip() == "1"
    screenshot(page, f"imports-summary-{language}")

    with page.expect_download() as download:
        page.get_by_role("link", name=case["report"]).click()
    assert download.value.suggested_filename.endswith("-problems.xlsx")


def test_import_list_on_a_phone(open_page, officer):
    page = open_page("ar", viewport=PHONE)
    login(page, officer.username)
    page.goto("/imports/")
    assert page.get_by_role("link", name="استيراد ملف").is_visible()
    screenshot(page, "imports-list-phone-ar")


def test_problems_of_a_kobo_export_fit_their_card_in_arabic(open_page, officer):
    """KoboToolbox column paths (group_identite/date_de_naissance) have no spaces: the
    problems table overflowed its card in Arabic, where Bootstrap's RTL build has no
    .text-break; they now break anywhere."""
    from rowad.imports.demo import demo_file

    page = open_page("ar")
    login(page, officer.username)
    upload(page, demo_file(), "Kobo Oran", name="kobo-oran.csv")
    page.get_by_role("button", name=CASES["ar"]["check"]).click()
    page.locator("#problems").wait_for()
    assert "group_identite/date_de_naissance" in page.locator("#problems").inner_text()
    fits = page.evaluate(
        "(box => box.scrollWidth <= box.clientWidth)(document.querySelector('#problems').parentElement)"
    )
    screenshot(page, "imports-kobo-problems-ar")
    assert fits


def test_officer_reviews_a_registered_national_id_and_applies_the_new_phone_in_arabic(open_page, officer):
    """A caravan row carries the national ID of someone already registered, with a new
    phone: nothing is changed by the import; the officer opens the comparison, keeps only
    the phone checked and applies it."""
    from rowad.people.models import Person
    from tests.factories import PersonFactory

    registered = PersonFactory(national_id="100000000000000001", phone="+213770000001", birth_date=None)
    page = open_page("ar")
    login(page, officer.username)
    upload(page, csv_bytes([GOOD_ROWS[0]]), "Caravane revue")
    page.get_by_role("button", name=CASES["ar"]["check"]).click()
    page.locator("#problems").wait_for()
    page.get_by_text("قارن الملف بالسجل").click()
    page.get_by_role("checkbox", name="تاريخ الميلاد").uncheck()
    screenshot(page, "imports-review-compare-ar")
    page.get_by_role("button", name="طبّق القيم المؤشَّر عليها من الملف").click()
    page.get_by_text("أصبحت للشخص المسجل القيم المختارة من الملف.").wait_for()
    registered = Person.objects.get(pk=registered.pk)
    assert (registered.phone, registered.birth_date) == ("+213550123456", None)


def test_odk_central_export_keeps_a_person_with_a_bad_phone_and_warns_in_arabic(open_page, officer):
    """An ODK Central CSV export ("-" between group and field, KEY): every column is
    mapped, and the row with an unreadable phone is kept with a warning, shown apart from
    the problems; choosing "reject the row" rejects it instead."""
    from tests.imports.factories import csv_bytes as to_csv
    from tests.imports.test_export_layouts import central_csv

    header, rows = central_csv()
    rows[1][header.index("contact-telephone")] = "12345"
    page = open_page("ar")
    login(page, officer.username)
    upload(page, to_csv(rows, header=header, delimiter=","), "ODK Central Oran", name="submissions.csv")
    assert page.locator("#id_map_source_key").input_value() == "KEY"
    assert page.locator("#id_map_given_name_latin").input_value() == "identite-prenom"
    page.get_by_role("button", name=CASES["ar"]["check"]).click()
    page.locator("#warnings").wait_for()
    assert "رقم الهاتف هذا غير صالح." in page.locator("#warnings").inner_text()
    assert page.locator("#rows-warned").inner_text().strip() == "1"
    assert page.locator("#problems").count() == 0
    screenshot(page, "imports-warnings-ar")

    page.get_by_label("رفض السطر").check()
    page.get_by_role("button", name=CASES["ar"]["check"]).click()
    page.locator("#problems").wait_for()
    assert page.locator("#rows-rejected").inner_text().strip() == "1"
    assert page.locator("#warnings").count() == 0
