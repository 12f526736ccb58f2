"""The issue's browser journey of market access: the sponsor's officer posts a work order in
French and allocates it to the eligible enterprise (the reasons shown); the enterprise's
manager, on a phone in Arabic, accepts the offer and reports a milestone with a photo; the
sponsor accepts the milestone and records the payment; the figures show the order met and
the amount paid. And the order form refuses an end date before the start, in French."""

from __future__ import annotations

import datetime
import io
import shutil
import tempfile
from decimal import Decimal
from pathlib import Path
from types import SimpleNamespace

import pytest
from django.urls import reverse
from django.utils import timezone, translation
from django.utils.translation import gettext
from PIL import Image, ImageDraw

from rowad.market import services
from rowad.market.enums import OrderStatus
from rowad.market.models import Contract, WorkOrder
from tests.e2e.conftest import DESKTOP, PHONE, login, screenshot
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.e2e

# A copy of the screenshots for a reviewer (the CI keeps the test-artifacts ones).
SHOTS = Path(tempfile.gettempdir()) / "shotsdir" / "market"
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


def plain(text: str) -> str:
    """The text without bidi marks and with ordinary spaces."""
    return " ".join(text.translate(BIDI_MARKS).replace("\u00a0", " ").replace("\u202f", " ").split())


def digits(text: str) -> str:
    """The number in a cell, whatever its grouping: "850 000,00" and "850,000.00" give "85000000"."""
    return "".join(ch for ch in text if ch.isdigit())


def t(language: str, message: str) -> str:
    with translation.override(language):
        return gettext(message)


def shot(page, name: str) -> Path:
    """A full-page PNG in the CI artifacts, copied to /tmp/shotsdir/market for review."""
    path = screenshot(page, f"market-{name}")
    try:
        SHOTS.mkdir(parents=True, exist_ok=True)
        shutil.copy(path, SHOTS / f"{name}.png")
    except OSError:  # pragma: no cover - a read-only /tmp does not fail the journey
        pass
    return path


def jpeg_bytes() -> bytes:
    """A small real JPEG: a trench drawn on sand."""
    image = Image.new("RGB", (640, 480), (214, 186, 140))
    draw = ImageDraw.Draw(image)
    draw.rectangle((40, 200, 600, 260), fill=(90, 70, 50))
    draw.line((40, 230, 600, 230), fill=(255, 140, 0), width=6)
    buffer = io.BytesIO()
    image.save(buffer, "JPEG", quality=85)
    return buffer.getvalue()


def loaded_width(image) -> int:
    """The natural width of an <img> once the browser loaded it (0 when it failed)."""
    image.scroll_into_view_if_needed()
    return image.evaluate(
        """img => img.complete && img.naturalWidth ? img.naturalWidth : new Promise(resolve => {
            img.addEventListener("load", () => resolve(img.naturalWidth));
            img.addEventListener("error", () => resolve(0));
        })"""
    )


def watch_csp(page, violations: list[str]) -> None:
    """Collect the Content-Security-Policy refusals of the page (an inline style refused is a
    bar or a swatch that does not show)."""

    def seen(message) -> None:
        if "Content Security Policy" in message.text:
            violations.append(f"{page.url}: {message.text[:160]}")

    page.on("console", seen)


def submit(page, form: str) -> None:
    with page.expect_navigation():
        page.locator(f"{form} button[type=submit]").first.click()
    page.wait_for_load_state("networkidle")


def assert_rtl_fits(page) -> None:
    """Arabic on a phone: the page is right-to-left, its heading sits on the right and nothing
    overflows sideways."""
    assert page.locator("html").get_attribute("dir") == "rtl"
    assert page.evaluate("getComputedStyle(document.querySelector('main')).direction") == "rtl"
    assert page.evaluate("document.documentElement.scrollWidth <= window.innerWidth + 1")
    box = page.locator("main h1").first.bounding_box()
    viewport = page.viewport_size["width"]
    # Right-aligned: the heading's right edge is near the right of the screen, its left is not at 0.
    assert box["x"] + box["width"] > viewport - 40, box
    align = page.evaluate("getComputedStyle(document.querySelector('main h1')).textAlign")
    assert align in ("start", "right"), align


@pytest.fixture
def market(transactional_db):
    world = MarketWorld.build()
    world.specialty.name_fr, world.specialty.name_ar = "Fibre optique", "الألياف البصرية"
    world.specialty.save()
    world.sponsor.name_fr, world.sponsor.name_ar = (
        "Direction opérationnelle Oran",
        "المديرية العملياتية وهران",
    )
    world.sponsor.save()
    enterprise = world.enterprise(
        name_latin="Fibre Karima SARL",
        name_ar="مؤسسة كريمة للألياف",
        means={"workers": 4, "max_concurrent_orders": 2},
    )
    other = world.enterprise(certified=False, name_latin="Réseaux Nour", name_ar="شبكات نور")
    holder = holder_of(enterprise, username="holder-market-e2e")
    holder.first_name, holder.last_name = "Karima", "Benali"
    holder.save()
    officer = world.sponsor_officer("sponsor-market-e2e")
    officer.first_name, officer.last_name = "Samir", "Haddad"
    officer.save()
    return SimpleNamespace(world=world, enterprise=enterprise, other=other, holder=holder, officer=officer)


def post_order_in_the_form(
    page, market, *, title: str, starts_on: datetime.date, ends_on: datetime.date
) -> None:
    world = market.world
    page.goto(reverse("market:order_create"))
    assert page.locator("html").get_attribute("lang") == "fr"
    if page.locator("#id_sponsor").count():
        page.select_option("#id_sponsor", str(world.sponsor.pk))
    page.select_option("#id_programme", str(world.programme.pk))
    page.fill("#id_title", title)
    page.fill("#id_description", "Tranchée et pose de fourreaux, raccordement de 40 abonnés.")
    page.select_option("#id_specialty", str(world.specialty.pk))
    page.select_option("#id_province", str(world.province.pk))
    page.fill("#id_communes", "Es Senia, Bir El Djir")
    page.fill("#id_quantity", "1200")
    page.select_option("#id_unit", "metre")
    page.fill("#id_estimated_amount", "850000")
    page.fill("#id_starts_on", starts_on.isoformat())
    page.fill("#id_ends_on", ends_on.isoformat())
    page.fill("#id_payment_days", "30")
    page.fill("#id_min_workers", "2")
    page.select_option("#id_method", "rotation")


def test_market_order_to_payment_in_french_and_arabic(open_page, market):
    today = timezone.localdate()
    enterprise, other = market.enterprise, market.other

    # 1. The sponsor's officer posts the order through the form, in French.
    # What is wrong in the look without stopping the journey (reported together at the end).
    violations: list[str] = []
    problems: list[str] = []
    officer = open_page("fr", viewport=DESKTOP)
    watch_csp(officer, violations)
    login(officer, market.officer.username)
    post_order_in_the_form(
        officer,
        market,
        title="Raccordement fibre Es Senia",
        starts_on=today + datetime.timedelta(days=7),
        ends_on=today + datetime.timedelta(days=60),
    )
    shot(officer, "01-order-form-fr")
    submit(officer, "#order-form")
    order = WorkOrder.objects.get(title="Raccordement fibre Es Senia")
    officer.wait_for_url(f"**{reverse('market:order_detail', args=[order.pk])}")
    assert t("fr", "The order %(reference)s is posted.") % {"reference": order.reference} in plain(
        officer.locator("body").inner_text()
    )
    assert order.reference.startswith(f"WO-DZ-{order.created_at.year}-")
    assert (order.currency, order.quantity, order.min_workers) == ("DZD", Decimal("1200"), 2)

    # ... the eligible enterprises with the reason of each rule.
    eligibility = officer.locator("#eligibility")
    good = eligibility.locator("details.candidate", has_text=enterprise.reference)
    bad = eligibility.locator("details.candidate", has_text=other.reference)
    assert t("fr", "Eligible") in good.locator("summary").inner_text()
    assert t("fr", "Not eligible") in bad.locator("summary").inner_text()
    good_text = plain(good.inner_text())
    assert t("fr", "An owner passed a course of the specialty.") in good_text
    assert t("fr", "Based in the order's province.") in good_text
    with translation.override("fr"):
        means_ok = gettext("%(workers)s people and the required equipment declared.") % {"workers": 4}
    assert means_ok in good_text
    bad.locator("summary").click()
    # Each rule's outcome badge is legible (a coloured background, as on the dossier's eligibility).
    for badge in eligibility.locator("li .badge").all():
        background = badge.evaluate("el => getComputedStyle(el).backgroundColor")
        if background in ("rgba(0, 0, 0, 0)", "transparent"):
            problems.append(
                f"order page: the rule badge '{badge.inner_text()}' has no background (invisible)"
            )
            break
    assert t("fr", "No owner passed a course of the specialty.") in plain(bad.inner_text())
    shot(officer, "02-order-eligibility-fr")

    # ... and runs the order's rule: offered to the eligible one, with why it won.
    submit(officer, "#order-allocate")
    allocation = order.allocations.get()
    assert allocation.enterprise == enterprise
    card = officer.locator(f"#allocation-{allocation.pk}")
    least_served = t(
        "fr",
        "Least served of {candidates} eligible enterprise(s): {served} {currency} over {orders} "
        "order(s) in the last 12 months.",
    )
    assert least_served.split("{")[0].strip() in plain(card.inner_text())
    assert t("fr", "Why it won:") in card.inner_text()
    order.refresh_from_db()
    assert order.status == OrderStatus.OFFERED
    shot(officer, "03-order-allocated-fr")

    # 2. The enterprise's manager, on a phone in Arabic, opens "my work" and accepts.
    phone = open_page("ar", viewport=PHONE)
    watch_csp(phone, violations)
    login(phone, market.holder.username)
    phone.goto(reverse("portal:market_home"))
    assert_rtl_fits(phone)
    assert phone.locator("main h1").inner_text() == t("ar", "My work") != "My work"
    offer_card = phone.locator(f"[data-offer='{allocation.pk}']")
    assert "Raccordement fibre Es Senia" in offer_card.inner_text()
    shot(phone, "04-portal-work-ar-phone")
    with phone.expect_navigation():
        offer_card.click()
    phone.wait_for_url(f"**{reverse('portal:market_offer', args=[allocation.pk])}")
    assert_rtl_fits(phone)
    assert digits(phone.locator("[data-field=amount]").inner_text()).startswith("850000")
    shot(phone, "05-portal-offer-ar-phone")
    with phone.expect_navigation():
        phone.click("#accept-offer")
    phone.wait_for_load_state("networkidle")
    assert t("ar", "You accepted the order. The sponsor prepares the contract.") in plain(
        phone.locator("body").inner_text()
    )
    allocation.refresh_from_db()
    assert allocation.status == "accepted"
    shot(phone, "06-portal-offer-accepted-ar-phone")

    # The officer draws the contract (one milestone: the whole trench).
    contract = draw_contract(officer, order, today=today)

    # The manager reports the milestone from the site, with a photo.
    milestone = contract.milestones.get()
    phone.goto(reverse("portal:market_home"))
    assert_rtl_fits(phone)
    shot(phone, "07-portal-contract-ar-phone")
    with phone.expect_navigation():
        phone.locator(f"a[href='{reverse('portal:market_report', args=[milestone.pk])}']").first.click()
    assert_rtl_fits(phone)
    phone.fill("#id_quantity", "1200")
    phone.fill("#id_done_on", today.isoformat())
    phone.fill("#id_note", "تم حفر الخندق ومد الأنابيب على طول 1200 متر.")
    phone.set_input_files(
        "#id_photos", files=[{"name": "tranchee.jpg", "mimeType": "image/jpeg", "buffer": jpeg_bytes()}]
    )
    shot(phone, "08-portal-report-form-ar-phone")
    submit(phone, "form[data-form=report]")
    report = milestone.reports.get()
    assert report.quantity == Decimal("1200") and report.done_on == today
    photo = report.photos.get()
    assert (photo.width, photo.height) == (640, 480)
    milestone.refresh_from_db()
    assert milestone.status == "reported"
    assert_rtl_fits(phone)
    shot(phone, "09-portal-reported-ar-phone")

    # The photo is shown on the contract page (the private view answers 200 with a JPEG).
    photo_url = reverse("portal:market_photo", args=[photo.pk])
    phone.goto(reverse("portal:market_contract", args=[contract.pk]))
    phone.locator(f"[data-milestone='{milestone.pk}'] details summary").first.click()
    assert loaded_width(phone.locator(f"img[src='{photo_url}']")) == 640
    assert_rtl_fits(phone)
    shot(phone, "10-portal-contract-photo-ar-phone")

    # 3. The sponsor accepts the milestone on the contract page and records the payment.
    officer.goto(reverse("market:contract_detail", args=[contract.pk]))
    card = officer.locator(f"#milestone-{milestone.pk}")
    photo_img = card.locator(f"img.report-photo[src='{reverse('market:report_photo', args=[photo.pk])}']")
    assert loaded_width(photo_img) == 640
    shot(officer, "11-contract-reported-fr")
    review = card.locator("form.review-form")
    review.locator("input[name$=decision][value=accept]").check()
    review.locator("textarea[name$=remarks]").fill("Tranchée conforme, fourreaux posés.")
    review.locator("input[name$=decided_on]").fill(today.isoformat())
    submit(officer, f"#milestone-{milestone.pk} form.review-form")
    assert t("fr", "The milestone is accepted and its invoice issued.") in plain(
        officer.locator("body").inner_text()
    )
    milestone.refresh_from_db()
    assert milestone.status == "accepted"
    invoice = milestone.invoice
    assert invoice.amount == Decimal("850000.00")
    shot(officer, "12-contract-accepted-fr")

    payment = officer.locator(f"#invoice-{invoice.pk} form.payment-form")
    payment.locator("input[name$=amount]").fill("850000")
    payment.locator("input[name$=paid_on]").fill(today.isoformat())
    payment.locator("input[name$=reference]").fill("VIR-2026-0042")
    submit(officer, f"#invoice-{invoice.pk} form.payment-form")
    assert t("fr", "The payment is recorded.") in plain(officer.locator("body").inner_text())
    invoice.refresh_from_db()
    assert (invoice.paid_amount, invoice.status) == (Decimal("850000.00"), "paid")
    assert "VIR-2026-0042" in officer.locator(f"#invoice-{invoice.pk} .payments").inner_text()
    contract.refresh_from_db()
    order.refresh_from_db()
    assert (contract.status, order.status) == ("completed", OrderStatus.COMPLETED)
    shot(officer, "13-contract-paid-fr")

    # The enterprise sees its invoice paid, in Arabic.
    phone.goto(reverse("portal:market_contract", args=[contract.pk]))
    assert digits(phone.locator(f"[data-invoice='{invoice.pk}'] [data-field=paid]").inner_text()).startswith(
        "850000"
    )
    assert_rtl_fits(phone)
    shot(phone, "14-portal-contract-paid-ar-phone")

    # 4. The figures show the order met and the amount paid.
    officer.goto(reverse("market:figures"))
    assert officer.locator("html").get_attribute("lang") == "fr"
    total = officer.locator("#demand-total tr[data-currency=DZD]")
    assert digits(total.locator("[data-orders]").inner_text()) == "1"
    assert digits(total.locator("[data-met]").inner_text()) == "1"
    assert digits(total.locator("[data-share]").inner_text()).startswith("100")
    row = officer.locator(f"#enterprise-table tr[data-enterprise='{enterprise.pk}'][data-currency=DZD]")
    assert enterprise.reference in row.inner_text()
    cells = row.locator("td")
    paid_header = officer.locator("#enterprise-table thead th").nth(5).inner_text()
    assert paid_header == t("fr", "Paid")
    assert digits(cells.nth(4).inner_text()).startswith("850000")  # the Paid column (after the row header)
    specialty = officer.locator(f"#demand-specialty tr[data-key='{market.world.specialty.pk}']")
    assert (
        "Fibre optique" in specialty.inner_text()
        and digits(specialty.locator("[data-met]").inner_text()) == "1"
    )
    shot(officer, "15-figures-fr")

    # The same figures in Arabic (right to left, for the look).
    origin = officer.evaluate("location.origin")
    officer.context.add_cookies([{"name": "rowad_language", "value": "ar", "url": origin}])
    officer.goto(reverse("market:figures"))
    assert officer.locator("html").get_attribute("dir") == "rtl"
    shot(officer, "16-figures-ar")

    # Nothing the pages meant to show was refused by the security policy (inline styles).
    assert violations == [] and problems == [], "\n".join(problems + violations)


def draw_contract(page, order, *, today):
    """The officer draws the contract from the order's page: one milestone, the whole work."""
    page.goto(reverse("market:order_detail", args=[order.pk]))
    with page.expect_navigation():
        page.click("#contract-create")
    page.fill("#id_signed_on", today.isoformat())
    page.fill("#id_milestones-0-label", "Tranchée et fourreaux")
    assert page.input_value("#id_milestones-0-quantity").startswith("1200")
    assert page.input_value("#id_milestones-0-amount").startswith("850000")
    page.fill("#id_milestones-0-due_on", (today + datetime.timedelta(days=50)).isoformat())
    shot(page, "06b-contract-form-fr")
    submit(page, "#contract-form")
    contract = Contract.objects.get(order=order)
    page.wait_for_url(f"**{reverse('market:contract_detail', args=[contract.pk])}")
    assert contract.milestones.get().label == "Tranchée et fourreaux"
    return contract


def test_market_order_form_refuses_an_end_before_the_start_in_french(open_page, market):
    today = timezone.localdate()
    page = open_page("fr", viewport=DESKTOP)
    login(page, market.officer.username)
    post_order_in_the_form(
        page,
        market,
        title="Maintenance réseau Bir El Djir",
        starts_on=today + datetime.timedelta(days=30),
        ends_on=today + datetime.timedelta(days=10),
    )
    page.locator("#order-form button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    message = t("fr", "The work cannot end before it starts.")
    assert message != "The work cannot end before it starts."
    assert page.locator("#id_ends_on_error").inner_text() == message
    assert page.input_value("#id_title") == "Maintenance réseau Bir El Djir"
    assert not WorkOrder.objects.exists()
    shot(page, "20-order-form-refused-fr")


def test_market_report_above_the_milestone_is_refused_in_arabic_on_a_phone(open_page, market):
    today = timezone.localdate()
    order = market.world.order(title="Raccordement Hai Sabah", quantity=Decimal("300"))
    allocation = services.allocate_order(order, actor=market.officer)
    services.respond_to_offer(allocation, accept=True, actor=market.holder)
    order.refresh_from_db()
    contract = services.create_contract(
        order,
        milestones=[
            {
                "label": "Lot unique",
                "quantity": Decimal("300"),
                "amount": allocation.amount,
                "due_on": order.ends_on,
            }
        ],
        signed_on=today,
        actor=market.officer,
    )
    milestone = contract.milestones.get()

    page = open_page("ar", viewport=PHONE)
    login(page, market.holder.username)
    page.goto(reverse("portal:market_report", args=[milestone.pk]))
    page.fill("#id_quantity", "450")
    page.fill("#id_done_on", today.isoformat())
    page.locator("form[data-form=report] button[type=submit]").click()
    page.wait_for_load_state("networkidle")

    with translation.override("ar"):
        message = gettext(
            "Quantity done: at most %(left)s remain to report on this milestone (of %(total)s)."
        )
    assert message.split("%")[0].strip() in page.locator("main").inner_text()
    assert_rtl_fits(page)
    assert not milestone.reports.exists()
    shot(page, "21-portal-report-refused-ar-phone")
