"""Field registration that loses nothing: at the Oran stop, on a phone, in Arabic, a
field agent registers three visitors — one request is lost on the way back (the server
saved it, the phone saw a network failure and sends it again), one is typed while the
phone is offline — and the stop shows exactly three registrations. Then a visitor
registers themself in French through the stop's public (QR) link."""

from __future__ import annotations

import pytest

from rowad.accounts.enums import Role
from rowad.outreach.models import Registration
from tests.e2e.conftest import PHONE, login, screenshot
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province
from tests.outreach.factories import CampaignFactory, PhaseFactory, StopFactory

pytestmark = pytest.mark.e2e

VISITORS = [
    ("ياسين", "بلقاسم", "0661 22 33 41"),
    ("أمينة", "زروقي", "0550 12 34 52"),
    ("حمزة", "مرابط", "0770 98 76 63"),
]


@pytest.fixture
def oran_stop(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    agent = UserFactory(username="agent-e2e")
    MembershipFactory(user=agent, organization=agency, role=Role.FIELD_AGENT, provinces=[oran])
    campaign = CampaignFactory(
        name_ar="القافلة الوطنية للمؤسسات المصغرة", name_fr="Caravane nationale", lead_organization=agency
    )
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[oran])
    return StopFactory(phase=phase, province=oran, venue="ساحة الكاهنة", host_organization=agency,
                       field_agents=[agent])  # fmt: skip


def _wait_until_sent(page):
    # The CSP forbids eval, so wait on the element rather than with wait_for_function.
    page.locator("#queue-status").wait_for(state="hidden", timeout=20_000)


def _fill(page, given, family, phone):
    page.fill("#id_given_name_ar", given)
    page.fill("#id_family_name_ar", family)
    page.fill("#id_phone", phone)
    page.select_option("#id_sex", "M")
    page.check("#id_consent")


def test_agent_registers_three_visitors_one_resent_one_offline(open_page, oran_stop):
    page = open_page("ar", viewport=PHONE)
    login(page, "agent-e2e")
    calls = {"n": 0}

    def lose_second_answer(route):
        calls["n"] += 1
        if calls["n"] == 2:
            route.fetch()  # the server receives and saves the batch…
            route.abort("failed")  # …but the phone never sees the answer
        else:
            route.continue_()

    page.route("**/api/outreach/registrations/batch/", lose_second_answer)
    page.goto(f"/outreach/stop/{oran_stop.pk}/register/")
    assert page.locator("html").get_attribute("dir") == "rtl"

    _fill(page, *VISITORS[0])
    page.click("#registration-form button[type=submit]")
    _wait_until_sent(page)

    _fill(page, *VISITORS[1])
    screenshot(page, "outreach-register-phone-ar")
    page.click("#registration-form button[type=submit]")
    # The lost answer leaves the item queued; the retry timer sends it again.
    _wait_until_sent(page)
    assert calls["n"] >= 3

    page.context.set_offline(True)
    _fill(page, *VISITORS[2])
    page.click("#registration-form button[type=submit]")
    status = page.locator("#queue-status")
    assert status.is_visible()
    assert status.locator("[data-queue-count]").inner_text() == "1"
    screenshot(page, "outreach-register-offline-phone-ar")
    page.context.set_offline(False)
    _wait_until_sent(page)

    assert Registration.objects.filter(stop=oran_stop).count() == 3
    page.goto(f"/outreach/stops/{oran_stop.pk}/")
    assert page.locator("[data-figure=registrations]").inner_text().strip() == "3"
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= PHONE["width"] + 1
    screenshot(page, "outreach-stop-phone-ar")


def test_visitor_self_registers_in_french_through_the_qr_link(open_page, oran_stop):
    page = open_page("fr", viewport=PHONE)
    page.goto(f"/outreach/r/{oran_stop.public_code}/")
    assert page.locator("html").get_attribute("lang") == "fr"
    page.fill("#id_given_name_latin", "Sofiane")
    page.fill("#id_family_name_latin", "Benamar")
    page.fill("#id_phone", "0555 44 33 22")
    page.fill("#id_birth_date", "2000-05-17")
    page.select_option("#id_sex", "M")
    page.fill("#id_idea", "Une petite entreprise de pose de fibre optique")
    page.check("#id_consent")
    screenshot(page, "outreach-self-register-phone-fr")
    page.click("form.field-form button[type=submit]")
    page.wait_for_url("**/thanks/")
    screenshot(page, "outreach-self-register-thanks-fr")
    registration = Registration.objects.get(stop=oran_stop)
    assert (registration.channel, registration.person.name_latin) == ("self", "Sofiane Benamar")
    assert registration.person.phone == "+213555443322"
