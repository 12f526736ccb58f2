"""A small but complete chain for the figures tests: two Algerian provinces (Oran, Alger)
and one Moroccan (Al Hoceima), men and women of several age bands, two programmes, two
campaigns, records spread over two months of 2025. Rows are written directly (arrange
only; the figures read them), dated where the figures place them."""

from __future__ import annotations

import datetime
import uuid
from dataclasses import dataclass, field
from decimal import Decimal
from typing import Any

from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import StateChange
from rowad.enterprises.enums import EnterpriseStatus
from rowad.financing.enums import DisbursementPurpose, LineDecision
from rowad.financing.models import Disbursement, Payment
from rowad.market.enums import InvoiceStatus, OfferStatus, OrderStatus
from rowad.market.models import Allocation, Contract, Invoice, Milestone, SponsorPayment
from rowad.outreach.enums import age_band
from rowad.partners.enums import OrganizationKind
from rowad.training.enums import EnrolmentStatus, TrainingResult
from tests.committees.factories import DossierFactory
from tests.enterprises.factories import EnterpriseFactory
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    PersonFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    TargetCategoryFactory,
    UserFactory,
    province,
    province_by_name,
)
from tests.financing.arrears_factories import monthly, repaid_line, schedule_with
from tests.financing.factories import PlanFactory, PlanLineFactory
from tests.market.factories import WorkOrderFactory
from tests.outreach.factories import (
    CampaignFactory,
    EventFactory,
    PhaseFactory,
    RegistrationFactory,
    StopFactory,
    TallyFactory,
)
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

D = Decimal
JAN = datetime.date(2025, 1, 10)
FEB = datetime.date(2025, 2, 12)


def at(day: datetime.date, hour: int = 10) -> datetime.datetime:
    return timezone.make_aware(datetime.datetime.combine(day, datetime.time(hour, 0)))


@dataclass
class Chain:
    oran: Any
    alger: Any
    hoceima: Any
    programmes: list
    campaigns: list
    stops: list
    categories: list
    director: Any = None
    officer: Any = None
    people: list = field(default_factory=list)
    dossiers: list = field(default_factory=list)
    enterprises: list = field(default_factory=list)


def _person(place, sex: str, born: datetime.date, categories=()) -> Any:
    person = PersonFactory(national_id="", sex=sex, birth_date=born, province=place, country=place.country_id)
    person.target_categories.set(categories)
    return person


def _reach(dossier, state: str, on: datetime.datetime) -> None:
    change = StateChange.objects.create(dossier=dossier, from_state="", to_state=state)
    StateChange.objects.filter(pk=change.pk).update(created_at=on)


def build_chain() -> Chain:
    oran, alger, hoceima = province("DZ", "31"), province("DZ", "16"), province_by_name("Al Hoce")
    agency = OrganizationFactory(kind=OrganizationKind.AGENCY, provinces=[oran, alger])
    ma_agency = OrganizationFactory(kind=OrganizationKind.AGENCY, country="MA", provinces=[hoceima])
    programmes = [ProgrammeFactory(operator=agency), ProgrammeFactory(operator=agency)]
    ma_programme = ProgrammeFactory(operator=ma_agency)
    cats = [TargetCategoryFactory(code="women"), TargetCategoryFactory(code="graduates")]
    c1 = CampaignFactory(programme=programmes[0], lead_organization=agency)
    c2 = CampaignFactory(programme=programmes[1], lead_organization=agency)
    c_ma = CampaignFactory(programme=ma_programme, lead_organization=ma_agency, country="MA")
    p1 = PhaseFactory(campaign=c1, number=1)
    p2 = PhaseFactory(campaign=c2, number=1)
    stops = [
        StopFactory(phase=p1, province=oran),
        StopFactory(phase=p1, province=alger),
        StopFactory(phase=p2, province=oran),
        StopFactory(phase=PhaseFactory(campaign=c_ma, number=1), province=hoceima),
    ]
    chain = Chain(oran, alger, hoceima, [*programmes, ma_programme], [c1, c2, c_ma], stops, cats)

    # Visitors: the counter at each stop on two days; an event's head count in Al Hoceima.
    for n, stop in enumerate(stops):
        TallyFactory(stop=stop, day=JAN, count=100 + n)
        TallyFactory(stop=stop, day=FEB, count=10 + n)
    TallyFactory(stop=None, event=EventFactory(province=hoceima, campaign=c_ma), day=FEB, count=55)
    # Meetings where nobody ran the counter: their recorded head count (one with a tally
    # too, whose head count the tally replaces).
    EventFactory(province=oran, campaign=c1, starts_on=FEB, attendance=40)
    EventFactory(province=hoceima, campaign=c_ma, starts_on=JAN, attendance=25)
    TallyFactory(
        stop=None,
        event=EventFactory(province=alger, campaign=c1, starts_on=FEB, attendance=99),
        day=FEB,
        count=30,
    )

    # People: both sexes, ages 17 to 45 at registration, some in two target categories.
    births = [
        datetime.date(2007, 6, 1),
        datetime.date(2003, 1, 10),  # 22 on JAN: birthday on the day
        datetime.date(1997, 2, 13),  # 27 the day after FEB
        datetime.date(1992, 3, 3),
        datetime.date(1987, 7, 7),
        datetime.date(1980, 12, 31),
    ]
    for n, stop in enumerate(stops):
        for k in range(3):
            born = births[(n + k) % len(births)]
            sex = "F" if (n + k) % 2 else "M"
            place = stop.province
            person = _person(place, sex, born, cats[: (n + k) % 3])
            day = JAN if k != 1 else FEB
            RegistrationFactory(
                stop=stop,
                person=person,
                sex=sex,
                captured_at=at(day),
                age_band=age_band(day.year - born.year - ((day.month, day.day) < (born.month, born.day))),
            )
            chain.people.append(person)

    # Dossiers: in each province, one per reached step (submitted ... company created).
    steps = [
        DossierState.SUBMITTED,
        DossierState.ELIGIBILITY_CHECKED,
        DossierState.APPROVED,
        DossierState.FINANCED,
        DossierState.COMPANY_CREATED,
    ]
    # A bank funding a line of each plan.
    bank = OrganizationFactory(kind=OrganizationKind.FUNDER)
    places = [(oran, programmes[0], stops[0], agency), (alger, programmes[1], stops[1], agency)]
    places += [(hoceima, ma_programme, stops[3], ma_agency)]
    specialty = SpecialtyFactory()
    for place, programme, stop, org in places:
        for depth in range(len(steps)):
            lead = chain.people[len(chain.dossiers) % len(chain.people)]
            other = _person(place, "F", datetime.date(1995, 5, 5), cats)
            dossier = DossierFactory(
                province=place,
                programme=programme,
                organization=org,
                met_at_stop=stop if depth % 2 else None,
                specialty=specialty if depth % 2 == 0 else None,
                state=steps[depth],
                holders=[lead, other],
            )
            chain.dossiers.append(dossier)
            for index, state in enumerate(steps[: depth + 1][:3]):
                day = JAN + datetime.timedelta(days=index * 15 + depth)
                _reach(dossier, state, at(day, 23 if depth == 2 else 10))
            if depth == 0:
                # Sent back and submitted again: still one submission, on the first day.
                _reach(dossier, DossierState.SUBMITTED, at(FEB))
            if depth >= 3:
                _finance(dossier, bank, paid_on=FEB + datetime.timedelta(days=depth))
            if depth >= 4:
                chain.enterprises.append(_enterprise(dossier, place))

    _closed_enterprise(chain, oran, programmes[0], agency)
    _market(chain, oran, alger, hoceima, programmes, ma_programme)
    _training(chain, oran, alger, hoceima, programmes, ma_programme)

    chain.director = UserFactory(username="director-recon")
    MembershipFactory(user=chain.director, organization=agency, role=Role.DIRECTOR, provinces=[oran, alger])
    MembershipFactory(user=chain.director, organization=ma_agency, role=Role.DIRECTOR, provinces=[hoceima])
    chain.officer = UserFactory(username="officer-recon")
    MembershipFactory(user=chain.officer, organization=agency, role=Role.AGENCY_OFFICER, provinces=[oran])
    return chain


def _finance(dossier, bank, *, paid_on: datetime.date) -> None:
    plan = PlanFactory(dossier=dossier, currency="MAD" if dossier.province.country_id == "MA" else "DZD")
    line = repaid_line(plan, funder=bank, amount=D("300000.00"), decided_on=JAN, submitted_on=JAN)
    Disbursement.objects.create(
        line=line, amount=D("120000.00"), paid_on=paid_on, purpose=DisbursementPurpose.EQUIPMENT
    )
    Disbursement.objects.create(
        line=line,
        amount=D("80000.00"),
        paid_on=paid_on + datetime.timedelta(days=20),
        purpose=DisbursementPurpose.EQUIPMENT,
    )
    schedule = schedule_with(line, monthly(datetime.date(2025, 3, 1), 6, D("50000.00"), paid=1))
    Payment.objects.create(
        schedule=schedule, amount=D("50000.00"), currency=plan.currency, paid_on=datetime.date(2025, 3, 1)
    )
    # A line refused: never counted as approved.
    PlanLineFactory(plan=plan, funder=bank, amount=D("999.00"), decision=LineDecision.REFUSED, decided_on=JAN)


def _enterprise(dossier, place) -> Any:
    return EnterpriseFactory(
        dossier=dossier,
        province=place,
        country=place.country_id,
        created_on=datetime.date(2023, 3, 1),
        permanent_men=2,
        permanent_women=1,
        seasonal_men=0,
        seasonal_women=3,
    )


def _closed_enterprise(chain, place, programme, org) -> None:
    dossier = DossierFactory(
        province=place, programme=programme, organization=org, state=DossierState.COMPANY_CREATED
    )
    enterprise = EnterpriseFactory(
        dossier=dossier,
        province=place,
        created_on=datetime.date(2023, 3, 1),
        status=EnterpriseStatus.CLOSED,
        ended_on=datetime.date(2023, 9, 1),
        permanent_men=5,
    )
    chain.enterprises.append(enterprise)


def _market(chain, oran, alger, hoceima, programmes, ma_programme) -> None:
    sponsor = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    specialty = SpecialtyFactory()
    rows = [
        (oran, programmes[0], OrderStatus.AWARDED, "DZD"),
        (oran, programmes[0], OrderStatus.UNFILLED, "DZD"),
        (oran, programmes[1], OrderStatus.CANCELLED, "DZD"),
        (alger, programmes[1], OrderStatus.AWARDED, "DZD"),
        (alger, programmes[1], OrderStatus.OPEN, "DZD"),
        (hoceima, ma_programme, OrderStatus.AWARDED, "MAD"),
    ]
    for n, (place, programme, status, currency) in enumerate(rows):
        order = WorkOrderFactory(
            sponsor=sponsor,
            programme=programme,
            specialty=specialty,
            province=place,
            status=status,
            currency=currency,
            estimated_amount=D("100000.00") * (n + 1),
        )
        WorkOrderFactory._meta.model.objects.filter(pk=order.pk).update(
            created_at=at(JAN if n % 2 else FEB, 23)
        )
        if status != OrderStatus.AWARDED:
            continue
        enterprise = next(e for e in chain.enterprises if e.province_id == place.pk)
        allocation = Allocation.objects.create(
            order=order,
            enterprise=enterprise,
            method=order.method,
            amount=order.estimated_amount,
            status=OfferStatus.ACCEPTED,
            offered_at=at(FEB),
            answer_by=FEB,
        )
        contract = Contract.objects.create(
            reference=f"CT-R-{order.pk}",
            order=order,
            allocation=allocation,
            enterprise=enterprise,
            amount=order.estimated_amount,
            currency=currency,
            signed_on=FEB + datetime.timedelta(days=n),
            ends_on=FEB + datetime.timedelta(days=60),
        )
        milestone = Milestone.objects.create(
            contract=contract, label="Lot", quantity=D(1), amount=D("40000.00"), due_on=FEB, status="accepted"
        )
        invoice = Invoice.objects.create(
            number=f"INV-R-{order.pk}",
            milestone=milestone,
            amount=D("40000.00"),
            currency=currency,
            issued_on=FEB,
            due_on=FEB,
            paid_amount=D("40000.00"),
            status=InvoiceStatus.PAID,
        )
        for part in (D("15000.00"), D("25000.00")):
            SponsorPayment.objects.create(
                invoice=invoice, amount=part, paid_on=FEB, client_key=uuid.uuid4().hex
            )


def _training(chain, oran, alger, hoceima, programmes, ma_programme) -> None:
    results = [
        (EnrolmentStatus.ENROLLED, None),
        (EnrolmentStatus.ENROLLED, TrainingResult.PASSED),
        (EnrolmentStatus.ENROLLED, TrainingResult.FAILED),
        (EnrolmentStatus.WITHDRAWN, None),
    ]
    for place, programme in ((oran, programmes[0]), (alger, programmes[1]), (hoceima, ma_programme)):
        cohort = CohortFactory(course=CourseFactory(programme=programme), province=place)
        for n, (status, result) in enumerate(results):
            person = chain.people[(n + place.pk) % len(chain.people)]
            EnrolmentFactory(
                cohort=cohort,
                person=person,
                status=status,
                result=result or TrainingResult.PENDING,
                enrolled_at=at(JAN),
                result_at=at(FEB, 23) if result else None,
                withdrawn_at=at(FEB) if status == EnrolmentStatus.WITHDRAWN else None,
            )
