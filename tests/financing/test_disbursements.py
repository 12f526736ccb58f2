"""Disbursements in tranches: never above the approved amount (the service under the line's
lock, and the database constraint), never before the approval, only on approved lines,
stored once per client key, invoices checked like dossier documents, scoped pages."""

from __future__ import annotations

import datetime
import uuid
from decimal import Decimal

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.db import IntegrityError, transaction
from django.urls import reverse
from django.utils import translation

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.core.storage import PrivateStorage
from rowad.financing.enums import DisbursementPurpose, ErrorCode, LineDecision
from rowad.financing.errors import FinancingError
from rowad.financing.models import Disbursement, PlanLine
from rowad.financing.money import format_money
from rowad.financing.services import disbursements as services
from rowad.financing.services import record_disbursement
from rowad.partners.enums import OrganizationKind
from tests.committees.factories import DossierFactory
from tests.dossiers.factories import PDF_BYTES, PNG_BYTES, pdf
from tests.factories import MembershipFactory, OrganizationFactory, ProgrammeFactory, UserFactory
from tests.financing.factories import PlanFactory, PlanLineFactory

pytestmark = pytest.mark.integration

DECIDED = datetime.date(2026, 3, 1)
PAID = datetime.date(2026, 3, 15)


@pytest.fixture
def bank(world):
    return OrganizationFactory(kind=OrganizationKind.FUNDER, name_fr="BADR Oran", provinces=[world.oran])


@pytest.fixture
def plan(world):
    programme = ProgrammeFactory(operator=world.oran_agency)
    dossier = DossierFactory(programme=programme, organization=world.oran_agency, province=world.oran)
    return PlanFactory(dossier=dossier)


@pytest.fixture
def line(plan, bank):
    return PlanLineFactory(
        plan=plan,
        funder=bank,
        amount=Decimal("500000.00"),
        decision=LineDecision.APPROVED,
        submitted_on=DECIDED,
        decided_on=DECIDED,
        approved_amount=Decimal("400000.00"),
    )


@pytest.fixture
def officer(world):
    return world.users[Role.AGENCY_OFFICER]


def funder_officer(organization, province):
    user = UserFactory()
    MembershipFactory(user=user, organization=organization, role=Role.FUNDER_OFFICER, provinces=[province])
    return user


def record(line, actor, amount="100000.00", **kwargs):
    kwargs.setdefault("paid_on", PAID)
    kwargs.setdefault("purpose", DisbursementPurpose.EQUIPMENT)
    return record_disbursement(line, amount=Decimal(amount), actor=actor, **kwargs)


def disbursed(line) -> Decimal:
    return PlanLine.objects.get(pk=line.pk).disbursed_amount


# --- The service -------------------------------------------------------------------------


def test_record_disbursement_stores_tranche_and_raises_line_total(line, officer, bank):
    tranche = record(line, officer, "150000.00", supplier="Sarl Fibre Ouest", invoice_number="F-2026-031")

    assert tranche.amount == Decimal("150000.00")
    assert tranche.paid_by == bank
    assert tranche.recorded_by == officer
    assert disbursed(line) == Decimal("150000.00")
    entry = AuditEntry.objects.get(action="financing.disbursement.recorded")
    assert entry.object_id == str(tranche.pk)
    assert entry.data["amount"] == "150000.00"


def test_record_disbursement_in_tranches_up_to_the_approved_amount(line, officer):
    record(line, officer, "250000.00")
    record(line, officer, "150000.00")

    assert disbursed(line) == Decimal("400000.00")
    assert Disbursement.objects.filter(line=line).count() == 2


def test_record_disbursement_above_approved_refused_with_what_remains(line, officer):
    record(line, officer, "300000.00")

    with translation.override("en"), pytest.raises(FinancingError) as excinfo:
        record(line, officer, "150000.00")

    assert excinfo.value.code == ErrorCode.ABOVE_APPROVED
    with translation.override("en"):
        remaining = format_money(Decimal("100000.00"), "DZD")
    assert remaining in excinfo.value.message
    assert disbursed(line) == Decimal("300000.00")
    assert Disbursement.objects.filter(line=line).count() == 1


def test_database_constraint_refuses_a_total_above_approved(line):
    with pytest.raises(IntegrityError), transaction.atomic():
        PlanLine.objects.filter(pk=line.pk).update(disbursed_amount=Decimal("400000.01"))

    assert disbursed(line) == Decimal("0.00")


def test_constraint_refusal_is_turned_into_the_same_error(line):
    # A writer that skipped the lock: the database refuses, the service says why.
    PlanLine.objects.filter(pk=line.pk).update(disbursed_amount=Decimal("390000.00"))

    with pytest.raises(FinancingError) as excinfo:
        services._add_to_line(line, Decimal("20000.00"))

    assert excinfo.value.code == ErrorCode.ABOVE_APPROVED
    assert disbursed(line) == Decimal("390000.00")


def test_record_disbursement_before_approval_refused(line, officer):
    with pytest.raises(FinancingError) as excinfo:
        record(line, officer, paid_on=DECIDED - datetime.timedelta(days=1))

    assert excinfo.value.code == ErrorCode.BEFORE_APPROVAL
    assert excinfo.value.field == "paid_on"
    assert not Disbursement.objects.exists()


@pytest.mark.parametrize("decision", [LineDecision.PENDING, LineDecision.SUBMITTED, LineDecision.REFUSED])
def test_record_disbursement_on_a_line_not_approved_refused(plan, bank, officer, decision):
    line = PlanLineFactory(plan=plan, funder=bank, decision=decision)

    with pytest.raises(FinancingError) as excinfo:
        record(line, officer)

    assert excinfo.value.code == ErrorCode.NOT_APPROVED
    assert not Disbursement.objects.exists()


def test_record_disbursement_on_a_reduced_line_allowed(plan, bank, officer):
    line = PlanLineFactory(
        plan=plan,
        funder=bank,
        decision=LineDecision.REDUCED,
        decided_on=DECIDED,
        approved_amount=Decimal("80000.00"),
    )

    record(line, officer, "80000.00")

    assert disbursed(line) == Decimal("80000.00")


def test_same_client_key_twice_stored_once(line, officer):
    key = uuid.uuid4()

    first = record(line, officer, "100000.00", client_uuid=key)
    second = record(line, officer, "100000.00", client_uuid=key)

    assert second.pk == first.pk
    assert Disbursement.objects.filter(line=line).count() == 1
    assert disbursed(line) == Decimal("100000.00")
    assert AuditEntry.objects.filter(action="financing.disbursement.recorded").count() == 1


def test_same_client_key_racing_returns_the_stored_tranche(line, officer, monkeypatch):
    # The other request stored the key between this one's check and its insert.
    key = uuid.uuid4()
    first = record(line, officer, "100000.00", client_uuid=key)
    real = services._stored
    calls = []

    def late(client_uuid, on_line):
        calls.append(client_uuid)
        return None if len(calls) == 1 else real(client_uuid, on_line)

    monkeypatch.setattr(services, "_stored", late)

    second = record(line, officer, "100000.00", client_uuid=key)

    assert second.pk == first.pk
    assert len(calls) == 2
    assert Disbursement.objects.filter(line=line).count() == 1
    assert disbursed(line) == Decimal("100000.00")


def test_client_key_of_another_line_refused(line, plan, bank, officer):
    other = PlanLineFactory(
        plan=plan,
        funder=bank,
        decision=LineDecision.APPROVED,
        decided_on=DECIDED,
        approved_amount=Decimal("1000"),
    )
    key = uuid.uuid4()
    record(line, officer, "100.00", client_uuid=key)

    with pytest.raises(FinancingError) as excinfo:
        record(other, officer, "100.00", client_uuid=key)

    assert excinfo.value.code == ErrorCode.DUPLICATE_KEY
    assert disbursed(other) == Decimal("0.00")


@pytest.mark.parametrize("amount", [Decimal("0"), Decimal("-100.00"), 100.0, "abc", Decimal("10.005")])
def test_record_disbursement_invalid_amount_refused(line, officer, amount):
    with pytest.raises(FinancingError) as excinfo:
        record_disbursement(
            line, amount=amount, paid_on=PAID, purpose=DisbursementPurpose.EQUIPMENT, actor=officer
        )

    assert excinfo.value.code == ErrorCode.INVALID_AMOUNT
    assert excinfo.value.message
    assert not Disbursement.objects.exists()


def test_record_disbursement_unknown_purpose_refused(line, officer):
    with pytest.raises(FinancingError) as excinfo:
        record(line, officer, purpose="holiday")

    assert excinfo.value.code == ErrorCode.INVALID_PURPOSE


def test_record_disbursement_keeps_invoice_in_private_storage(line, officer, settings):
    tranche = record(line, officer, invoice=pdf("facture-031.pdf"))

    assert isinstance(tranche.invoice.storage, PrivateStorage)
    assert tranche.invoice.path.startswith(str(settings.PRIVATE_MEDIA_ROOT))
    assert tranche.invoice_name == "facture-031.pdf"
    with tranche.invoice.open("rb") as handle:
        assert handle.read() == PDF_BYTES


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("facture.exe", b"MZ\x90\x00binary"), "file_type_refused"),
        (SimpleUploadedFile("facture.pdf", PNG_BYTES), "content_mismatch"),
        (SimpleUploadedFile("facture.pdf", b""), "empty_file"),
    ],
)
def test_record_disbursement_bad_invoice_refused(line, officer, upload, code):
    with pytest.raises(FinancingError) as excinfo:
        record(line, officer, invoice=upload)

    assert excinfo.value.code == code
    assert excinfo.value.field == "invoice"
    assert not Disbursement.objects.exists()
    assert disbursed(line) == Decimal("0.00")


def test_record_disbursement_invoice_of_40_mb_refused(line, officer):
    big = pdf("facture-scan.pdf")
    big.size = 40 * 1024 * 1024

    with translation.override("en"), pytest.raises(FinancingError) as excinfo:
        record(line, officer, invoice=big)

    assert excinfo.value.code == "file_too_large"
    assert "too large" in excinfo.value.message
    assert not Disbursement.objects.exists()


def test_funder_officer_of_the_line_records(line, bank, world):
    tranche = record(line, funder_officer(bank, world.oran), "5000.00")

    assert tranche.line == line


def test_funder_officer_of_another_bank_refused(line, world):
    other_bank = OrganizationFactory(kind=OrganizationKind.FUNDER, provinces=[world.oran])

    with pytest.raises(FinancingError) as excinfo:
        record(line, funder_officer(other_bank, world.oran))

    assert excinfo.value.code == ErrorCode.NOT_ALLOWED
    assert not Disbursement.objects.exists()


@pytest.mark.parametrize("role", [Role.DIRECTOR, Role.MENTOR, Role.FIELD_AGENT])
def test_readers_may_not_record(line, world, role):
    with pytest.raises(FinancingError) as excinfo:
        record(line, world.users[role])

    assert excinfo.value.code == ErrorCode.NOT_ALLOWED


def test_officer_of_another_province_refused(line, world):
    with pytest.raises(FinancingError) as excinfo:
        record(line, world.outsider)

    assert excinfo.value.code == ErrorCode.NOT_ALLOWED


# --- The pages ---------------------------------------------------------------------------


def line_url(line):
    return reverse("financing:line_disbursements", kwargs={"pk": line.pk})


def form_data(**changes):
    data = {
        "amount": "120 000,50",
        "paid_on": PAID.isoformat(),
        "purpose": DisbursementPurpose.EQUIPMENT,
        "supplier": "Sarl Fibre Ouest",
        "invoice_number": "F-2026-031",
        "client_uuid": str(uuid.uuid4()),
    }
    data.update(changes)
    return data


def test_line_page_shows_form_with_a_fresh_client_key(client, line, officer):
    client.force_login(officer)

    first = client.get(line_url(line))
    second = client.get(line_url(line))

    assert first.status_code == 200
    assert first.context["form"]["client_uuid"].value() != second.context["form"]["client_uuid"].value()
    assert b'enctype="multipart/form-data"' in first.content


def test_line_page_records_tranche_with_invoice_and_shows_what_remains(client, line, officer):
    client.force_login(officer)

    response = client.post(line_url(line), form_data(invoice=pdf("facture-031.pdf")), follow=True)

    tranche = Disbursement.objects.get(line=line)
    assert tranche.amount == Decimal("120000.50")
    assert tranche.invoice_name == "facture-031.pdf"
    page = response.content.decode()
    assert format_money(Decimal("279999.50"), "DZD") in page
    assert reverse("financing:disbursement_invoice", kwargs={"pk": tranche.pk}) in page


def test_line_page_double_submit_stores_one_tranche(client, line, officer):
    client.force_login(officer)
    data = form_data()

    client.post(line_url(line), data)
    client.post(line_url(line), data)

    assert Disbursement.objects.filter(line=line).count() == 1
    assert disbursed(line) == Decimal("120000.50")


def test_line_page_above_approved_says_what_remains(client, line, officer):
    client.force_login(officer)

    response = client.post(line_url(line), form_data(amount="400000.01"))

    assert response.status_code == 400
    assert format_money(Decimal("400000.00"), "DZD") in " ".join(response.context["form"].errors["amount"])
    assert not Disbursement.objects.exists()


def test_line_page_bad_invoice_type_shows_message(client, line, officer):
    client.force_login(officer)
    upload = SimpleUploadedFile("facture.txt", b"not an invoice")

    response = client.post(line_url(line), form_data(invoice=upload))

    assert response.status_code == 400
    assert "not accepted" in " ".join(response.context["form"].errors["invoice"])
    assert not Disbursement.objects.exists()


def test_line_page_too_large_invoice_shows_message(client, line, officer, settings):
    settings.ROWAD_DOCUMENT_MAX_BYTES = 100
    client.force_login(officer)

    response = client.post(line_url(line), form_data(invoice=pdf("facture.pdf", PDF_BYTES + b"x" * 200)))

    assert response.status_code == 400
    assert "too large" in " ".join(response.context["form"].errors["invoice"])
    assert not Disbursement.objects.exists()


def test_line_page_zero_amount_shows_message(client, line, officer):
    client.force_login(officer)

    response = client.post(line_url(line), form_data(amount="0"))

    assert response.status_code == 400
    assert response.context["form"].errors["amount"]
    assert not Disbursement.objects.exists()


def test_line_page_officer_of_another_province_gets_404(client, line, world):
    client.force_login(world.outsider)

    assert client.get(line_url(line)).status_code == 404
    assert client.post(line_url(line), form_data()).status_code == 404
    assert not Disbursement.objects.exists()


def test_line_page_funder_of_another_bank_cannot_post(client, line, world):
    other_bank = OrganizationFactory(kind=OrganizationKind.FUNDER, provinces=[world.oran])
    client.force_login(funder_officer(other_bank, world.oran))

    response = client.post(line_url(line), form_data())

    assert response.status_code == 404
    assert not Disbursement.objects.exists()


def test_line_page_funder_of_the_line_posts(client, line, bank, world):
    client.force_login(funder_officer(bank, world.oran))

    response = client.post(line_url(line), form_data())

    assert response.status_code == 302
    assert Disbursement.objects.filter(line=line).count() == 1


def test_line_page_director_reads_but_cannot_post(client, line, world):
    client.force_login(world.users[Role.DIRECTOR])

    assert client.get(line_url(line)).status_code == 200
    assert client.post(line_url(line), form_data()).status_code == 403
    assert not Disbursement.objects.exists()


def test_plan_page_lists_tranches_and_what_remains(client, line, plan, bank, officer, world):
    other = PlanLineFactory(
        plan=plan,
        kind="grant",
        funder=world.oran_agency,
        decision=LineDecision.APPROVED,
        decided_on=DECIDED,
        approved_amount=Decimal("50000.00"),
    )
    record(line, officer, "100000.00")
    record(other, officer, "20000.00")
    client.force_login(officer)

    response = client.get(reverse("financing:plan_disbursements", kwargs={"pk": plan.pk}))

    assert response.status_code == 200
    assert response.context["remaining"] == Decimal("330000.00")
    assert format_money(Decimal("330000.00"), "DZD") in response.content.decode()


def test_plan_page_shows_a_funder_only_its_own_lines(client, line, plan, bank, officer, world):
    other = PlanLineFactory(
        plan=plan,
        funder=world.oran_agency,
        decision=LineDecision.APPROVED,
        decided_on=DECIDED,
        approved_amount=Decimal("50000.00"),
    )
    client.force_login(funder_officer(bank, world.oran))

    response = client.get(reverse("financing:plan_disbursements", kwargs={"pk": plan.pk}))

    assert [row["line"] for row in response.context["rows"]] == [line]
    assert other not in [row["line"] for row in response.context["rows"]]


def test_invoice_download_is_an_attachment(client, line, officer):
    tranche = record(line, officer, invoice=pdf("facture-031.pdf"))
    client.force_login(officer)

    response = client.get(reverse("financing:disbursement_invoice", kwargs={"pk": tranche.pk}))

    assert response.status_code == 200
    assert response["Content-Disposition"].startswith("attachment")
    assert "facture-031.pdf" in response["Content-Disposition"]
    assert response["Content-Type"] == "application/pdf"
    assert b"".join(response.streaming_content) == PDF_BYTES


def test_invoice_download_is_scoped(client, line, officer, world):
    tranche = record(line, officer, invoice=pdf("facture-031.pdf"))
    url = reverse("financing:disbursement_invoice", kwargs={"pk": tranche.pk})
    other_bank = OrganizationFactory(kind=OrganizationKind.FUNDER, provinces=[world.oran])

    for user in (world.outsider, funder_officer(other_bank, world.oran), world.users[Role.PROJECT_HOLDER]):
        client.force_login(user)
        assert client.get(url).status_code in (403, 404)


def test_invoice_download_without_invoice_is_404(client, line, officer):
    tranche = record(line, officer)
    client.force_login(officer)

    response = client.get(reverse("financing:disbursement_invoice", kwargs={"pk": tranche.pk}))

    assert response.status_code == 404
