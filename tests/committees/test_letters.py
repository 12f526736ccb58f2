import shutil
import subprocess

import pytest
from django.urls import reverse
from django.utils import translation

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.enums import Decision
from rowad.committees.models import DecisionLetter
from rowad.committees.pdf import pdf_language, qr_svg, verification_url
from rowad.committees.views import VERIFY_LIMIT

pytestmark = pytest.mark.integration


@pytest.fixture
def announced(committee):
    session = committee.session
    services.record_attendance(session, present=committee.members, actor=committee.officer)
    votes = {m.pk: "for" for m in committee.members}
    for dossier in committee.dossiers:
        item = services.add_agenda_item(session, dossier=dossier, actor=committee.officer)
        services.record_decision(
            item, decision="approved", reasons="مشروع قابل للتطبيق", votes=votes, actor=committee.officer
        )
    services.announce_session(session, actor=committee.officer)
    return committee


def _pdftotext(content: bytes, tmp_path) -> str:
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    return subprocess.run(
        [shutil.which("pdftotext") or "pdftotext", "-enc", "UTF-8", str(path), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def test_pdf_language_prefers_the_request_then_the_fallback():
    assert (pdf_language("fr", "ar"), pdf_language("en", "fr-ca"), pdf_language(None, "en")) == (
        "fr",
        "fr",
        "ar",
    )


def test_qr_svg_is_inline_svg():
    svg = str(qr_svg("https://rowad.example/verify/abc/"))
    assert svg.startswith("<svg") and "<?xml" not in svg


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_arabic_letter_pdf_contains_the_holders_arabic_name(announced, client, tmp_path):
    holder = announced.holders[0]
    letter = DecisionLetter.objects.get(holder=holder)
    client.force_login(announced.officer)
    response = client.get(reverse("committees:decision_letter", kwargs={"pk": letter.pk}) + "?lang=ar")
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    text = _pdftotext(response.content, tmp_path)
    assert "ياسين بلقاسم" in text
    assert letter.reference in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_french_letter_pdf_names_the_holder_in_latin_script(announced, client, tmp_path):
    letter = DecisionLetter.objects.get(holder=announced.holders[1])
    client.force_login(announced.officer)
    response = client.get(reverse("committees:decision_letter", kwargs={"pk": letter.pk}) + "?lang=fr")
    text = _pdftotext(response.content, tmp_path)
    assert "Amina Zerrouki" in text
    assert "approuvé" in text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_minutes_pdf_lists_the_decisions(announced, client, tmp_path):
    client.force_login(announced.officer)
    response = client.get(
        reverse("committees:session_minutes", kwargs={"pk": announced.session.pk}) + "?lang=fr"
    )
    assert response.status_code == 200
    text = _pdftotext(response.content, tmp_path)
    assert announced.dossiers[0].reference in text
    with translation.override("fr"):
        assert str(Decision.APPROVED.label) in text


def test_holder_downloads_their_own_letter_only(announced, client, world):
    holder_user = world.users[Role.PROJECT_HOLDER]
    own, other = announced.holders
    own.user = holder_user
    own.save()
    client.force_login(holder_user)
    mine = DecisionLetter.objects.get(holder=own)
    theirs = DecisionLetter.objects.get(holder=other)
    assert client.get(reverse("committees:decision_letter", kwargs={"pk": mine.pk})).status_code == 200
    assert client.get(reverse("committees:decision_letter", kwargs={"pk": theirs.pk})).status_code == 404


def test_outsider_cannot_download_a_letter(announced, client, world):
    letter = DecisionLetter.objects.first()
    client.force_login(world.outsider)
    assert client.get(reverse("committees:decision_letter", kwargs={"pk": letter.pk})).status_code == 404


def test_verification_url_shows_the_letters_essentials(announced, client):
    letter = DecisionLetter.objects.get(holder=announced.holders[0])
    assert verification_url(letter.token).endswith(f"/committees/verify/{letter.token}/")
    response = client.get(reverse("committees:verify_letter", kwargs={"token": letter.token}))
    body = response.content.decode()
    assert response.status_code == 200
    assert "ياسين بلقاسم" in body and letter.reference in body
    assert letter.holder.birth_date.isoformat() not in body
    assert response["X-Robots-Tag"] == "noindex"


def test_verification_url_with_an_unknown_token_says_not_authentic(announced, client):
    response = client.get(reverse("committees:verify_letter", kwargs={"token": "forged-token-123"}))
    assert response.status_code == 404
    assert 'id="verify-result"' in response.content.decode()


def test_verification_of_a_letter_before_announcement_is_not_found(committee, client):
    session = committee.session
    services.record_attendance(session, present=committee.members, actor=committee.officer)
    item = services.add_agenda_item(session, dossier=committee.dossiers[0], actor=committee.officer)
    letter = DecisionLetter.objects.create(
        item=item, holder=committee.holders[0], reference="X-1", issued_at=session.held_at
    )
    response = client.get(reverse("committees:verify_letter", kwargs={"token": letter.token}))
    assert response.status_code == 404


def test_verification_is_rate_limited(announced, client):
    url = reverse("committees:verify_letter", kwargs={"token": "nope"})
    statuses = [client.get(url).status_code for _ in range(VERIFY_LIMIT + 1)]
    assert statuses[:VERIFY_LIMIT] == [404] * VERIFY_LIMIT
    assert statuses[-1] == 429


def test_text_dir_follows_the_first_strong_character():
    from rowad.committees.templatetags.committees_text import dir_span, text_dir

    assert [text_dir("مشروع 2"), text_dir("12 Fibre"), text_dir("2026"), text_dir(None)] == [
        "rtl",
        "ltr",
        "ltr",
        "ltr",
    ]
    assert dir_span("<b>x</b>") == '<span dir="ltr">&lt;b&gt;x&lt;/b&gt;</span>'
