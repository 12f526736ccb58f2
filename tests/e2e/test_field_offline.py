"""The field app offline from the start (issue 16, item 3): a field agent opens "my
stops" once with a network (the service worker installs and keeps the stop's form), loses
the signal, closes the page and opens the form again — served from the phone — registers
three visitors, "reboots" the browser (a persistent profile closed and launched again),
goes back online, and the queue sends each registration exactly once, recorded as made by
a field agent."""

from __future__ import annotations

import pytest
from django.core.signals import request_started

from rowad.accounts.enums import Role
from rowad.outreach.enums import Channel
from rowad.outreach.models import Registration
from tests.e2e.conftest import ARTIFACTS, CHROMIUM, CHROMIUM_ARGS, PHONE, login
from tests.factories import MembershipFactory, OrganizationFactory, UserFactory, province
from tests.outreach.factories import CampaignFactory, PhaseFactory, StopFactory

pytestmark = pytest.mark.e2e

VISITORS = [
    ("ياسين", "بلقاسم", "0661 22 33 41"),
    ("أمينة", "زروقي", "0550 12 34 52"),
    ("حمزة", "مرابط", "0770 98 76 63"),
]
DOCS_SCREENSHOT = ARTIFACTS.parents[1] / "docs" / "screenshots" / "field-offline-ar.png"


@pytest.fixture
def oran_stop(transactional_db):
    oran = province("DZ", "31")
    agency = OrganizationFactory(name_fr="ANSEJ Oran", name_ar="أنساج وهران", provinces=[oran])
    agent = UserFactory(username="agent-offline")
    MembershipFactory(user=agent, organization=agency, role=Role.FIELD_AGENT, provinces=[oran])
    campaign = CampaignFactory(
        name_ar="القافلة الوطنية", name_fr="Caravane nationale", lead_organization=agency
    )
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[oran])
    return StopFactory(
        phase=phase, province=oran, venue="ساحة الكاهنة", host_organization=agency, field_agents=[agent]
    )


@pytest.fixture
def phone_profile(browser, live_server, tmp_path):
    """launch() -> a Chromium context on a profile kept on disk: closing it and launching
    again is a browser restart (cookies, IndexedDB, service worker and caches survive)."""
    opened = []

    def launch():
        context = browser.browser_type.launch_persistent_context(
            str(tmp_path / "profile"),
            executable_path=CHROMIUM,
            args=CHROMIUM_ARGS,
            viewport=PHONE,
            locale="ar",
            base_url=live_server.url,
        )
        context.add_cookies([{"name": "rowad_language", "value": "ar", "url": live_server.url}])
        context.set_default_timeout(20_000)
        opened.append(context)
        return context

    yield launch
    for context in opened:
        context.close()  # a no-op for the one the test closed (the "reboot")


@pytest.fixture
def server_hits():
    """Paths the live server was asked for (to prove the offline pages came from the phone)."""
    paths: list[str] = []

    def record(sender, environ=None, **kwargs):
        paths.append((environ or {}).get("PATH_INFO", ""))

    request_started.connect(record, weak=False)
    yield paths
    request_started.disconnect(record)


def _fill(page, given, family, phone):
    page.fill("#id_given_name_ar", given)
    page.fill("#id_family_name_ar", family)
    page.fill("#id_phone", phone)
    page.select_option("#id_sex", "M")
    page.check("#id_consent")


def test_register_offline_survives_a_reboot_and_is_stored_once(phone_profile, oran_stop, server_hits):
    register_url = f"/outreach/stop/{oran_stop.pk}/register/"
    context = phone_profile()
    page = context.new_page()
    login(page, "agent-offline")

    # Online: "my stops" installs the worker and keeps the stop's form on the phone.
    page.goto("/outreach/my-stops/")
    page.locator("[data-field-app][data-offline-ready=true]").wait_for(state="attached")
    assert page.locator(f'[data-offline-page][href="{register_url}"]').count() == 1

    # No signal: close the page, open the form again (from the phone, not the server).
    context.set_offline(True)
    page.close()
    server_hits.clear()
    page = context.new_page()
    page.goto(register_url)
    form = page.locator("#registration-form")
    form.wait_for()
    assert page.locator("html").get_attribute("dir") == "rtl"
    # The form starts with the stop's province.
    assert page.locator("#id_province").input_value() == str(oran_stop.province_id)

    # An empty submission: errors next to the fields, no pop-up.
    page.on("dialog", lambda dialog: pytest.fail(f"unexpected pop-up: {dialog.message}"))
    page.click("#registration-form button[type=submit]")
    page.locator("#id_consent_js_error").wait_for()
    assert page.locator("#id_given_name_ar.is-invalid").count() == 1

    for index, visitor in enumerate(VISITORS, start=1):
        _fill(page, *visitor)
        page.click("#registration-form button[type=submit]")
        page.locator(f"#field-queue[data-stored='{index}']").wait_for(state="attached")
    assert page.locator("#field-queue .queued-item").count() == 3
    assert page.locator("#queue-status [data-queue-count]").inner_text() == "3"
    DOCS_SCREENSHOT.parent.mkdir(parents=True, exist_ok=True)
    page.screenshot(path=str(DOCS_SCREENSHOT), full_page=True)
    # Only the browser's own update check of the worker (outside the page's emulated
    # network) may reach the server; no page, no API call.
    assert not [path for path in server_hits if path != "/sw.js" and not path.startswith("/static/")], (
        server_hits
    )
    assert not Registration.objects.exists()

    # Reboot: the browser closes with the three visitors still queued, and starts offline.
    context.close()
    context = phone_profile()
    context.set_offline(True)
    page = context.pages[0] if context.pages else context.new_page()
    page.goto(register_url)
    page.locator("#field-queue .queued-item").nth(2).wait_for()
    assert page.locator("#field-queue .queued-item").count() == 3

    # The signal returns: the queue sends, the server records each visitor once.
    context.set_offline(False)
    page.locator("#queue-status").wait_for(state="hidden", timeout=30_000)
    page.locator("#field-queue .sent-item").nth(2).wait_for()
    page.locator("#field-queue[data-stored='0']").wait_for(state="attached")
    registrations = Registration.objects.filter(stop=oran_stop)
    assert registrations.count() == 3
    assert {r.person.given_name_ar for r in registrations} == {v[0] for v in VISITORS}
    assert {r.channel for r in registrations} == {Channel.FIELD}

    # Sending again (another reload) records nothing twice.
    page.reload()
    page.locator("#field-queue .sent-item").nth(2).wait_for()
    assert page.locator("#field-queue .queued-item").count() == 0
    assert Registration.objects.filter(stop=oran_stop).count() == 3

    # Logging out erases the queue, its keys and the stored field pages from the phone.
    page.locator("form[action='/accounts/logout/']").evaluate("form => form.requestSubmit()")
    page.wait_for_url("**/accounts/login/")
    databases = page.evaluate("indexedDB.databases().then(list => list.map(db => db.name))")
    assert "rowad-field" not in databases
    assert "rowad-pages" not in page.evaluate("caches.keys()")
