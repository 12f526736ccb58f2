"""Certificates: issuing (passed only, once), a cohort's run, revoking, the PDF, the public
verification pages."""

from __future__ import annotations

import json
import re
import shutil
import subprocess

import pytest
from django.core.cache import cache
from django.core.files.uploadedfile import SimpleUploadedFile
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.messaging.models import Message
from rowad.training.enums import CertificateRunState, ErrorCode, TrainingResult
from rowad.training.models import CERTIFICATE_ALPHABET, Certificate, CertificateRun, new_certificate_number
from rowad.training.services.certificates import (
    CertificateError,
    issue_certificate,
    issue_cohort_certificates,
    revoke_certificate,
    run_certificate_run,
)
from rowad.training.tasks import run_certificates
from tests.training.certificate_factories import oran_cohort, trainee

pytestmark = pytest.mark.integration


@pytest.fixture
def officer(world):
    return world.users[Role.AGENCY_OFFICER]


@pytest.fixture
def cohort(world):
    return oran_cohort(world)


@pytest.fixture(autouse=True)
def _clear_rate_limit():
    cache.clear()


def pdf_text(content: bytes, tmp_path) -> str:
    path = tmp_path / "certificate.pdf"
    path.write_bytes(content)
    return subprocess.run(
        ["pdftotext", "-layout", str(path), "-"], capture_output=True, check=True, text=True
    ).stdout


def test_certificate_refused_when_not_passed(cohort, officer):
    for result in (TrainingResult.FAILED, TrainingResult.PENDING):
        enrolment = trainee(cohort, result=result, email="")
        with pytest.raises(CertificateError) as error:
            issue_certificate(enrolment, actor=officer)
        assert error.value.code == ErrorCode.NOT_PASSED
        assert "did not pass" in error.value.message
    assert not Certificate.objects.exists()


def test_certificate_refused_to_who_does_not_manage_the_cohort(cohort, world):
    enrolment = trainee(cohort)
    with pytest.raises(CertificateError) as error:
        issue_certificate(enrolment, actor=world.outsider)
    assert error.value.code == ErrorCode.NOT_ALLOWED
    assert not Certificate.objects.exists()


def test_certificate_issue_is_idempotent_and_fills_the_snapshot(cohort, officer, tmp_path):
    enrolment = trainee(cohort)
    certificate = issue_certificate(enrolment, actor=officer)
    again = issue_certificate(enrolment, actor=officer)
    assert again.pk == certificate.pk
    assert Certificate.objects.count() == 1
    assert certificate.holder_name_latin == "Salim Hamadi"
    assert certificate.holder_name_ar == "سليم حمادي"
    assert certificate.course_name_fr == "Pose de fibre optique"
    assert certificate.provider_name == "ANADE Oran"
    assert certificate.provider_name_ar == "أناد وهران"
    assert (certificate.starts_on, certificate.ends_on) == (cohort.starts_on, cohort.ends_on)
    assert certificate.hours == cohort.course.duration_hours
    assert certificate.result == TrainingResult.PASSED
    assert certificate.credential["id"].endswith(f"/training/verify/{certificate.number}/")
    assert (
        AuditEntry.objects.filter(action="training.certificate.issued", object_id=str(certificate.pk)).count()
        == 1
    )
    assert certificate.history.count() == 1
    # The holder is told once, in their language.
    messages = Message.objects.filter(kind="training.certificate.issued")
    assert messages.count() == 1
    assert certificate.number in messages.get().body


def test_certificate_pdf_is_a_pdf_stating_the_number(cohort, officer, tmp_path):
    if not shutil.which("pdftotext"):
        pytest.skip("pdftotext (poppler-utils) is not installed")
    certificate = issue_certificate(trainee(cohort), actor=officer, base_url="https://rowad.example.org/")
    content = certificate.pdf.open("rb").read()
    assert content.startswith(b"%PDF-")
    text = pdf_text(content, tmp_path)
    assert certificate.number in text
    assert "Salim Hamadi" in text
    assert "Pose de fibre optique" in text
    assert f"https://rowad.example.org/training/verify/{certificate.number}/" in text.replace("\n", "")


@pytest.mark.unit
def test_certificate_number_format_and_uniqueness():
    numbers = {new_certificate_number() for _ in range(2000)}
    assert len(numbers) == 2000
    pattern = re.compile(
        rf"^RWD-[{CERTIFICATE_ALPHABET}]{{4}}-[{CERTIFICATE_ALPHABET}]{{4}}-[{CERTIFICATE_ALPHABET}]{{4}}$"
    )
    assert all(pattern.match(n) for n in numbers)
    assert not any(c in "".join(numbers) for c in "01IO")


def test_certificate_run_issues_only_passed_without_certificate(
    cohort, officer, django_capture_on_commit_callbacks
):
    passed = [trainee(cohort, email="") for _ in range(3)]
    failed = trainee(cohort, result=TrainingResult.FAILED, email="")
    already = issue_certificate(passed[0], actor=officer)
    with django_capture_on_commit_callbacks(execute=True):
        run = issue_cohort_certificates(cohort, actor=officer, base_url="http://testserver/")
    # The test task backend runs the task at commit: the run is done.
    run.refresh_from_db()
    assert run.state == CertificateRunState.DONE
    assert run.total == 2
    assert run.done == run.total
    assert Certificate.objects.count() == 3
    assert not Certificate.objects.filter(enrolment=failed).exists()
    assert Certificate.objects.get(enrolment=passed[0]).pk == already.pk
    assert Certificate.objects.get(enrolment=passed[1]).credential["id"].startswith("http://testserver/")


def test_certificate_run_safe_to_run_twice(cohort, officer, django_capture_on_commit_callbacks):
    for _ in range(2):
        trainee(cohort, email="")
    with django_capture_on_commit_callbacks(execute=False):
        run = issue_cohort_certificates(cohort, actor=officer)
    run_certificate_run(run.pk)
    run_certificate_run(run.pk)
    run_certificates.call(run.pk)
    run.refresh_from_db()
    assert (run.state, run.done, run.total) == (CertificateRunState.DONE, 2, 2)
    assert Certificate.objects.count() == 2
    # A second run while one is queued returns it; with nothing left, it is refused.
    with pytest.raises(CertificateError) as error:
        issue_cohort_certificates(cohort, actor=officer)
    assert error.value.code == ErrorCode.NOTHING_TO_CERTIFY
    assert CertificateRun.objects.count() == 1


def test_certificate_run_page_shows_progress(cohort, officer, client, django_capture_on_commit_callbacks):
    trainee(cohort, email="")
    client.force_login(officer)
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("training:issue_certificates", kwargs={"pk": cohort.pk}))
    run = CertificateRun.objects.get()
    assert response.status_code == 302
    assert response["Location"] == reverse("training:certificate_run", kwargs={"pk": run.pk})
    page = client.get(response["Location"])
    assert page.status_code == 200
    assert b'<progress class="w-100" max="1" value="1"' in page.content
    assert b"hx-trigger" not in page.content  # done: no more polling


def test_certificate_revoke_requires_reason(cohort, officer):
    certificate = issue_certificate(trainee(cohort), actor=officer)
    with pytest.raises(CertificateError) as error:
        revoke_certificate(certificate, reason="  ", actor=officer)
    assert error.value.code == ErrorCode.REASON_REQUIRED
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    revoked = revoke_certificate(certificate, reason="Identité usurpée", actor=officer)
    assert revoked.is_revoked and revoked.revoked_by == officer
    assert AuditEntry.objects.filter(action="training.certificate.revoked").count() == 1
    assert Message.objects.filter(kind="training.certificate.revoked").count() == 1
    with pytest.raises(CertificateError) as error:
        revoke_certificate(certificate, reason="again", actor=officer)
    assert error.value.code == ErrorCode.ALREADY_REVOKED


def test_certificate_verify_page_shows_revoked(cohort, officer, client):
    certificate = issue_certificate(trainee(cohort), actor=officer)
    url = reverse("training:verify", kwargs={"number": certificate.number})
    response = client.get(url)
    assert response.status_code == 200
    assert b"authentic" in response.content and b"Salim Hamadi" in response.content
    revoke_certificate(certificate, reason="Zzprivatereasonzz", actor=officer)
    response = client.get(url)
    assert response.status_code == 200
    assert b"REVOKED" in response.content
    assert b"Zzprivatereasonzz" not in response.content  # the reason may be private
    # Lower case, spaces: the same certificate.
    assert (
        client.get(reverse("training:verify", kwargs={"number": certificate.number.lower()})).status_code
        == 200
    )


def test_certificate_verify_unknown_number_404(cohort, officer, client):
    certificate = issue_certificate(trainee(cohort), actor=officer)
    wrong = certificate.number[:-1] + ("A" if certificate.number[-1] != "A" else "B")
    response = client.get(reverse("training:verify", kwargs={"number": wrong}))
    assert response.status_code == 404
    assert b"No certificate has this number" in response.content
    assert b"Salim" not in response.content


def test_certificate_verify_rate_limited(db, client):
    url = reverse("training:verify", kwargs={"number": "RWD-AAAA-AAAA-AAAA"})
    statuses = [client.get(url).status_code for _ in range(31)]
    assert statuses[:30] == [404] * 30
    assert statuses[30] == 429


def test_certificate_pdf_served_to_holder_only(cohort, officer, world, client):
    holder_user = world.users[Role.PROJECT_HOLDER]
    mine = issue_certificate(trainee(cohort, person=_person(holder_user)), actor=officer)
    other = issue_certificate(trainee(cohort, email=""), actor=officer)
    client.force_login(holder_user)
    response = client.get(reverse("training:certificate_pdf", kwargs={"number": mine.number}))
    assert response.status_code == 200
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content).startswith(b"%PDF-")
    assert client.get(reverse("training:certificate_pdf", kwargs={"number": other.number})).status_code == 404
    credential = client.get(reverse("training:certificate_credential", kwargs={"number": mine.number}))
    assert credential.status_code == 200
    assert json.loads(credential.content) == mine.credential


def test_certificate_credential_verification_page(cohort, officer, client):
    certificate = issue_certificate(trainee(cohort), actor=officer)
    url = reverse("training:verify_credential")
    assert client.get(url).status_code == 200
    good = json.dumps(certificate.credential).encode()
    response = client.post(url, {"file": SimpleUploadedFile("c.json", good, content_type="application/json")})
    assert b'id="credential-result"' in response.content and b"is valid" in response.content
    altered = dict(certificate.credential, name="Docteur en médecine")
    response = client.post(url, {"text": json.dumps(altered)})
    assert b"NOT valid" in response.content
    response = client.post(url, {"text": "{not json"})
    assert b"not a JSON document" in response.content


def test_certificate_revoke_view_needs_a_manager(cohort, officer, world, client):
    certificate = issue_certificate(trainee(cohort), actor=officer)
    url = reverse("training:certificate_revoke", kwargs={"number": certificate.number})
    client.force_login(world.users[Role.DIRECTOR])
    assert client.post(url, {"reason": "x"}).status_code == 403
    client.force_login(officer)
    assert client.post(url, {"reason": ""}).status_code == 302
    certificate.refresh_from_db()
    assert not certificate.is_revoked
    client.post(url, {"reason": "Erreur de saisie"})
    certificate.refresh_from_db()
    assert certificate.revocation_reason == "Erreur de saisie"


def _person(user):
    from tests.factories import PersonFactory

    return PersonFactory(user=user, national_id="", given_name_latin="Nadia", family_name_latin="Belkacem")


def test_certificate_cohort_panel_offers_issue_and_revoke(cohort, officer, world, rf):
    from django.template.loader import render_to_string

    from rowad.training.views.certificates import cohort_panel

    issued = issue_certificate(trainee(cohort, email=""), actor=officer)
    trainee(cohort, email="")
    for user, manages in ((officer, True), (world.users[Role.DIRECTOR], False)):
        request = rf.get("/")
        request.user = user
        html = render_to_string(
            "training/cohort/_panel_certificates.html",
            {**cohort_panel(request, cohort), "cohort": cohort},
            request,
        )
        assert issued.number in html
        assert (reverse("training:issue_certificates", kwargs={"pk": cohort.pk}) in html) is manages
        assert (reverse("training:certificate_revoke", kwargs={"number": issued.number}) in html) is manages
