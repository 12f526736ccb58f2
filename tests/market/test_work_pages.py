"""The contract pages: drawing the contract, the list with late payments, the contract page
(reports, photos, reviews, invoices), the sponsor's review and payment forms, the photo."""

from __future__ import annotations

import datetime
import uuid

import pytest
from django.urls import reverse

from rowad.market import services
from rowad.market.enums import MilestoneStatus, OrderStatus
from rowad.market.models import Contract, Invoice, SponsorPayment
from tests.market.factories import MarketWorld
from tests.market.work_factories import awarded, contract_of, image_file, reported, text_as_jpg, today

pytestmark = pytest.mark.django_db


def test_contract_form_defaults_to_one_milestone_for_the_whole_order(client):
    case = awarded()
    client.force_login(case.officer)
    url = reverse("market:contract_create", kwargs={"pk": case.order.pk})
    page = client.get(url)
    assert page.status_code == 200
    formset = page.context["formset"]
    assert len(formset.forms) == 1
    assert formset.forms[0].initial["quantity"] == case.order.quantity
    assert formset.forms[0].initial["amount"] == case.allocation.amount
    data = {
        "signed_on": today().isoformat(),
        "milestones-TOTAL_FORMS": "2",
        "milestones-INITIAL_FORMS": "0",
        "milestones-MIN_NUM_FORMS": "1",
        "milestones-MAX_NUM_FORMS": "20",
        "milestones-0-label": "Tranchée",
        "milestones-0-quantity": "700",
        "milestones-0-amount": "500000",
        "milestones-0-due_on": case.order.ends_on.isoformat(),
        "milestones-1-label": "Raccordements",
        "milestones-1-quantity": "600",  # 1300 > 1200
        "milestones-1-amount": str(case.allocation.amount - 500000),
        "milestones-1-due_on": case.order.ends_on.isoformat(),
    }
    refused = client.post(url, data)
    assert refused.status_code == 200
    assert "1300" in refused.content.decode()
    assert not Contract.objects.exists()
    data["milestones-1-quantity"] = "500"
    done = client.post(url, data)
    contract = Contract.objects.get()
    assert done.status_code == 302 and done.url == reverse(
        "market:contract_detail", kwargs={"pk": contract.pk}
    )
    assert contract.milestones.count() == 2
    case.order.refresh_from_db()
    assert case.order.status == OrderStatus.CONTRACTED
    # Drawn: the form leads to the contract.
    assert client.get(url).status_code == 302


def test_a_director_may_not_draw_a_contract(client):
    from rowad.accounts.enums import Role
    from tests.factories import MembershipFactory, UserFactory

    case = awarded()
    director = UserFactory()
    MembershipFactory(
        user=director, organization=case.world.agency, role=Role.DIRECTOR, provinces=[case.world.province]
    )
    client.force_login(director)
    assert client.get(reverse("market:contract_create", kwargs={"pk": case.order.pk})).status_code == 403


def _accepted(case, contract):
    milestone = reported(case, contract, photos=[image_file()])
    services.review_milestone(milestone, accept=True, decided_on=today(), actor=case.sponsor)
    return Invoice.objects.get(milestone=milestone)


def test_the_list_flags_late_sponsor_payments_in_red(client):
    case = awarded()
    contract = contract_of(case)
    invoice = _accepted(case, contract)
    other = contract_of(awarded(case.world))
    Invoice.objects.filter(pk=invoice.pk).update(due_on=today() - datetime.timedelta(days=3))
    client.force_login(case.officer)
    page = client.get(reverse("market:contract_list")).content.decode()
    assert contract.reference in page and other.reference in page
    assert "3 days late" in page and "table-danger" in page
    late_only = client.get(reverse("market:contract_list"), {"late": "on"}).content.decode()
    assert contract.reference in late_only and other.reference not in late_only


def test_the_contract_page_shows_reports_photos_reviews_and_invoices(client):
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract, photos=[image_file()])
    services.review_milestone(
        milestone, accept=False, remarks="Boîtiers mal fixés", decided_on=today(), actor=case.sponsor
    )
    services.report_execution(milestone, quantity="0", done_on=today(), note="Refixés", actor=case.holder)
    client.force_login(case.sponsor)
    url = reverse("market:contract_detail", kwargs={"pk": contract.pk})
    page = client.get(url).content.decode()
    photo = milestone.reports.first().photos.get()
    assert reverse("market:report_photo", kwargs={"pk": photo.pk}) in page
    assert "Boîtiers mal fixés" in page and "review-form" in page
    # The sponsor accepts through the form.
    version = milestone.__class__.objects.get(pk=milestone.pk).version
    prefix = f"review-{milestone.pk}"
    response = client.post(
        reverse("market:milestone_review", kwargs={"pk": milestone.pk}),
        {
            f"{prefix}-decision": "accept",
            f"{prefix}-decided_on": today().isoformat(),
            f"{prefix}-expected_version": version,
        },
    )
    assert response.status_code == 302
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.ACCEPTED
    page = client.get(url).content.decode()
    assert "decision-rejected" in page and "decision-accepted" in page
    assert milestone.invoice.number in page and "payment-form" in page and "rating" in page
    # An agency officer reads it, without the sponsor's forms.
    client.force_login(case.officer)
    page = client.get(url).content.decode()
    assert "payment-form" not in page and "review-form" not in page


def test_a_rejection_without_remarks_shows_the_error_next_to_the_field(client):
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract)
    client.force_login(case.sponsor)
    prefix = f"review-{milestone.pk}"
    response = client.post(
        reverse("market:milestone_review", kwargs={"pk": milestone.pk}),
        {f"{prefix}-decision": "reject", f"{prefix}-decided_on": today().isoformat()},
    )
    assert response.status_code == 200
    assert f'id="id_{prefix}-remarks_error"' in response.content.decode()
    milestone.refresh_from_db()
    assert milestone.status == MilestoneStatus.REPORTED


def test_a_payment_double_clicked_is_recorded_once_and_overpayment_refused(client):
    case = awarded()
    invoice = _accepted(case, contract_of(case))
    client.force_login(case.sponsor)
    url = reverse("market:invoice_payment", kwargs={"pk": invoice.pk})
    prefix = f"payment-{invoice.pk}"
    key = uuid.uuid4().hex
    body = {f"{prefix}-amount": "1000", f"{prefix}-paid_on": today().isoformat(), f"{prefix}-client_key": key}
    assert client.post(url, body).status_code == 302
    assert client.post(url, body).status_code == 302
    assert SponsorPayment.objects.count() == 1
    too_much = {**body, f"{prefix}-amount": str(invoice.amount), f"{prefix}-client_key": uuid.uuid4().hex}
    response = client.post(url, too_much)
    assert response.status_code == 200 and f'id="id_{prefix}-amount_error"' in response.content.decode()
    assert SponsorPayment.objects.count() == 1
    client.force_login(case.officer)
    assert client.post(url, {**body, f"{prefix}-client_key": "other"}).status_code == 403


def test_the_photo_is_served_privately_after_the_scope_check(client):
    case = awarded()
    contract = contract_of(case)
    milestone = reported(case, contract, photos=[image_file()])
    photo = milestone.reports.get().photos.get()
    url = reverse("market:report_photo", kwargs={"pk": photo.pk})
    client.force_login(case.sponsor)
    response = client.get(url)
    assert response.status_code == 200
    assert response["Content-Type"] == "image/jpeg" and response["X-Content-Type-Options"] == "nosniff"
    assert b"".join(response.streaming_content)[:3] == b"\xff\xd8\xff"
    elsewhere = MarketWorld.build(province_code="16")
    client.force_login(elsewhere.agency_officer())
    assert client.get(url).status_code == 404
    client.logout()
    assert client.get(url).status_code == 302


def test_text_as_jpg_fixture_is_not_an_image():
    assert text_as_jpg().read(4) != b"\xff\xd8\xff\xe0"
