"""The issue's browser journey of market access: the sponsor's officer posts a work order in
French and allocates it to the eligible enterprise (the reasons shown); the enterprise's
manager, on a phone in Arabic, accepts the offer and reports a milestone with a photo; the
sponsor accepts the milestone and records the payment; the figures show the order met and
the amount paid. And the order form refuses an end date before the start, in French."""

from __future__ import annotations

import datetime
import io
import shutil
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
from rowad.market.models import WorkOrder
from tests.e2e.conftest import DESKTOP, PHONE, login, screenshot
from tests.market.factories import MarketWorld, holder_of

pytestmark = pytest.mark.e2e

SHOTS = Path("/tmp/shotsdir/market")
BIDI_MARKS = dict.fromkeys(map(ord, "\u200e\u200f\u061c\u2066\u2067\u2068\u2069"))


def plain(text: str) -> str:
    """The text without bidi marks and with ordinary spaces."""
    return " ".join(text.translate(BIDI_MARKS).replace("\u00a0", " ").replace("\u202f", " ").split())


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
    world.sponsor.name_fr, world.sponsor.name_ar = "Direction opérationnelle Oran", "المديرية العملياتية وهران"
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


def test_market_order_to_payment_in_french_and_arabic(open_page, market):
    today = timezone.localdate()
    officer = open_page("fr", viewport=DESKTOP)
    login(officer, market.officer.username)

    # 1. The sponsor's officer posts the order through the form, in French.
    officer.goto(reverse("market:order_create"))
    shot(officer, "01-order-form-fr")
    raise NotImplementedError("complete against the orders pages")
