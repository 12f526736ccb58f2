"""A holder downloads their certificate in French; the QR printed on it encodes the public
verification page, which the browser opens and which says the certificate is authentic
(then revoked, once revoked).

No QR decoder is installed on the machine (no pyzbar, zxing-cpp nor OpenCV): the QR is
checked by reading the PDF page as an image (pdftoppm), sampling each module of the
symbol and comparing the grid with the QR code of the verification address printed
under it (segno). An identical grid is an identical content."""

from __future__ import annotations

import shutil
import subprocess
from types import SimpleNamespace

import pytest
import segno

from rowad.accounts.enums import Role
from rowad.training.services.certificates import issue_certificate, revoke_certificate
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province
from tests.training.certificate_factories import oran_cohort, trainee

pytestmark = pytest.mark.e2e

DPI = 150
MM = DPI / 25.4


@pytest.fixture
def setup(transactional_db, live_server):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANADE Oran", name_ar="أناد وهران", provinces=[oran])
    officer = UserFactory(username="officer-cert-e2e")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    holder = UserFactory(username="holder-cert-e2e")
    MembershipFactory(user=holder, organization=agency, role=Role.PROJECT_HOLDER, provinces=[oran])
    person = PersonFactory(
        user=holder,
        national_id="",
        given_name_ar="كهينة",
        family_name_ar="مسعودي",
        given_name_latin="Kahina",
        family_name_latin="Messaoudi",
        preferred_language="fr",
    )
    cohort = oran_cohort(SimpleNamespace(oran_agency=agency, oran=oran))
    certificate = issue_certificate(trainee(cohort, person=person), actor=officer, base_url=live_server.url)
    return {"certificate": certificate, "holder": holder, "officer": officer, "url": live_server.url}


def qr_grid_of_page(png_path) -> list[list[bool]] | None:
    """The dark/light grid of the QR symbol at the foot of the certificate page."""
    from PIL import Image

    image = Image.open(png_path).convert("L")
    # The QR sits at the bottom left, inside the frame (2.2 mm border at 9 mm from the
    # edge), left of the text that starts at 53 mm.
    box = (int(14 * MM), int(140 * MM), int(51 * MM), int(196 * MM))
    region = image.crop(box)
    dark = region.point(lambda v: 255 if v < 128 else 0)
    bbox = dark.getbbox()
    if bbox is None:
        return None
    return region.crop(bbox), bbox


def matches_qr(png_path, url: str) -> bool:
    expected = [[bool(v) for v in row] for row in segno.make(url, error="m", micro=False).matrix]
    found = qr_grid_of_page(png_path)
    if found is None:
        return False
    symbol, (left, top, right, bottom) = found
    size = len(expected)
    step_x, step_y = (right - left) / size, (bottom - top) / size
    for row in range(size):
        for column in range(size):
            x, y = int((column + 0.5) * step_x), int((row + 0.5) * step_y)
            if (symbol.getpixel((x, y)) < 128) != expected[row][column]:
                return False
    return True


@pytest.mark.skipif(not shutil.which("pdftoppm"), reason="poppler-utils is not installed")
def test_training_certificate_downloaded_in_french_and_verified(open_page, setup, tmp_path):
    certificate = setup["certificate"]
    page = open_page("fr")
    login(page, setup["holder"].username)

    response = page.request.get(f"/training/certificates/{certificate.number}/pdf/")
    assert (response.status, response.headers["content-type"]) == (200, "application/pdf")
    pdf = tmp_path / "certificate.pdf"
    pdf.write_bytes(response.body())
    subprocess.run(
        ["pdftoppm", "-r", str(DPI), "-png", "-singlefile", str(pdf), str(tmp_path / "page")], check=True
    )
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, check=True, text=True).stdout
    assert "Attestation de formation" in text and "Kahina Messaoudi" in text
    printed = next(line.strip() for line in text.splitlines() if "/training/verify/" in line)
    assert printed == f"{setup['url']}/training/verify/{certificate.number}/"
    assert matches_qr(tmp_path / "page.png", printed), (
        "the QR does not encode the printed verification address"
    )

    # The QR leads to the public page: open it as anyone, on a phone.
    visitor = open_page("fr", viewport=PHONE)
    visitor.goto(printed)
    result = visitor.locator("#verify-result")
    assert "authentique" in result.inner_text()
    assert "Kahina Messaoudi" in visitor.locator("#certificate-statement").inner_text()
    screenshot(visitor, "training-certificate-verify-fr-phone")

    revoke_certificate(certificate, reason="Erreur de session", actor=setup["officer"])
    arabic = open_page("ar", viewport=PHONE)
    arabic.goto(printed)
    assert arabic.locator("html").get_attribute("dir") == "rtl"
    assert "أُلغيت" in arabic.locator("#verify-result").inner_text()
    assert "Erreur de session" not in arabic.content()
    screenshot(arabic, "training-certificate-verify-ar-phone")


def test_training_certificate_another_holder_cannot_download(open_page, setup):
    other = UserFactory(username="other-holder-e2e")
    page = open_page("fr")
    login(page, other.username)
    response = page.request.get(f"/training/certificates/{setup['certificate'].number}/pdf/")
    assert response.status == 404
