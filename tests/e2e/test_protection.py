"""An officer opens the queue of people's requests about their data (in Arabic and in
French): the overdue request comes first and is counted; they open it, write the answer,
and the request leaves the queue, answered, with a message to the person."""

from __future__ import annotations

import datetime

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.messaging.models import Message
from rowad.partners.enums import OrganizationKind
from rowad.protection import services
from rowad.protection.enums import RequestKind, RequestStatus
from rowad.protection.models import DataSubjectRequest
from tests.e2e.conftest import login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, PersonFactory, UserFactory, province

pytestmark = pytest.mark.e2e


@pytest.fixture
def requests_world(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(kind=OrganizationKind.AGENCY, name_fr="ANADE Oran", provinces=[oran])
    officer = UserFactory(username="officer-protection")
    MembershipFactory(user=officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    today = timezone.localdate()
    person = PersonFactory(
        province=oran, given_name_latin="Yacine", email="yacine@example.org", national_id=""
    )
    late = services.open_request(
        person, kind=RequestKind.RECTIFICATION, channel="desk", actor=officer,
        received_on=today - datetime.timedelta(days=30), details="Ma date de naissance est fausse.",
    )  # fmt: skip
    services.open_request(
        PersonFactory(province=oran, national_id=""), kind=RequestKind.ACCESS, channel="letter", actor=officer
    )
    return {"late": late}


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_officer_answers_the_overdue_request_first(open_page, requests_world, language):
    late = requests_world["late"]
    page = open_page(language)
    login(page, "officer-protection")
    page.goto("/protection/requests/")
    title = {"ar": "الطلبات المتعلقة بالمعطيات الشخصية", "fr": "Demandes relatives aux données personnelles"}
    assert page.locator("h1").inner_text().strip() == title[language]
    assert page.locator("#count-open").inner_text().strip() == "2"
    assert page.locator("#count-overdue").inner_text().strip() == "1"
    first = page.locator("#queue tbody tr").first
    assert first.get_attribute("data-request") == str(late.pk)
    assert first.get_attribute("data-overdue") is not None
    screenshot(page, f"protection-queue-{language}")
    first.locator("a").click()
    page.wait_for_url(f"**/protection/requests/{late.pk}/")
    answer = "تم تصحيح تاريخ ميلادك." if language == "ar" else "Votre date de naissance est corrigée."
    page.fill("#id_answer", answer)
    screenshot(page, f"protection-request-{language}")
    page.click("#answer-form button[type=submit]")
    page.wait_for_url("**/protection/requests/")
    assert page.locator("#count-open").inner_text().strip() == "1"
    assert page.locator("#count-overdue").inner_text().strip() == "0"
    late.refresh_from_db()
    assert late.status == RequestStatus.ANSWERED and late.answer == answer
    assert Message.objects.filter(kind="protection.request.answered", person=late.person).exists()
    assert DataSubjectRequest.objects.filter(status=RequestStatus.OPEN).count() == 1
