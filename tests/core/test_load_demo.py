import io

import pytest
from django.apps import apps
from django.core.management import call_command
from django.db import transaction

pytestmark = pytest.mark.integration


@pytest.fixture(scope="module")
def demo(django_db_setup, django_db_blocker):
    """The demo, loaded once for the module (a load takes tens of seconds) and rolled back
    after it; each test runs in its own transaction inside."""
    with django_db_blocker.unblock(), transaction.atomic():
        call_command("load_demo", stdout=io.StringIO())
        yield
        transaction.set_rollback(True)


def row_counts() -> dict[str, int]:
    return {
        model._meta.label: model._default_manager.count()
        for model in apps.get_models()
        if model._meta.app_label
        in {
            "core",
            "accounts",
            "partners",
            "people",
            "outreach",
            "dossiers",
            "committees",
            "financing",
            "enterprises",
            "portal",
        }
        and model._meta.label != "core.AuditEntry"
        and not model._meta.label.split(".")[1].startswith("Historical")
    }


def test_load_demo_is_idempotent(demo, db):
    first = row_counts()
    call_command("load_demo", stdout=io.StringIO())
    assert row_counts() == first
    assert first["people.Person"] >= 250
    assert first["accounts.User"] >= 12


def test_demo_review_queue_shows_the_person_registered_twice(demo, db):
    from rowad.people.demo import TWICE_PHONE
    from rowad.people.models import DuplicateCandidate

    pair = DuplicateCandidate.objects.get(person_a__phone=TWICE_PHONE, person_b__phone=TWICE_PHONE)
    names = {p.given_name_ar or p.given_name_latin for p in (pair.person_a, pair.person_b)}
    assert names == {"محمد", "Mohammed"}
    assert pair.score >= 16


def test_demo_kobo_import_carries_target_categories_and_dated_consents(demo, db):
    import datetime

    from rowad.imports.demo import SOURCE
    from rowad.people.models import ConsentRecord, Person

    imported = Person.objects.filter(import_records__source__name=SOURCE)
    assert imported.count() == 38
    assert imported.filter(target_categories__code="resistance-family").count() == 6  # rows 3, 10, 17…
    consents = ConsentRecord.objects.filter(person__in=imported)
    assert consents.filter(purpose="registration", given=True).count() == 38
    assert consents.filter(purpose="contact", given=False).exists()
    assert set(consents.values_list("recorded_on", flat=True)) == {datetime.date(2018, 9, 3)}


# The figures as the sources tell them (seeds: the caravan's press officer at the start of
# phase 2; the Al Hoceima meeting's report).
VISITORS_BY_PHASE_2 = 72_000
REGISTRATIONS_BY_PHASE_2 = 631
PHASE_1_PROVINCES = 14
PHASE_2_PROVINCES = 22


def test_demo_tells_the_caravan_figures_from_the_records(demo, db):
    import datetime

    from rowad.outreach import figures
    from rowad.outreach.models import Campaign, Registration, VisitorTally

    campaign = Campaign.objects.get(code="caravane-nationale-2018")
    phase_1, phase_2 = campaign.phases.order_by("number")
    # Phase 1: the 14 northern wilayas, 5 August – 8 September, its stops in those wilayas.
    assert (phase_1.starts_on, phase_1.ends_on) == (datetime.date(2018, 8, 5), datetime.date(2018, 9, 8))
    assert phase_1.provinces.count() == PHASE_1_PROVINCES
    assert set(phase_1.stops.values_list("province", flat=True)) == set(
        phase_1.provinces.values_list("pk", flat=True)
    )
    assert not phase_1.stops.filter(starts_on__lt=phase_1.starts_on).exists()
    assert not phase_1.stops.filter(ends_on__gt=phase_1.ends_on).exists()
    # Phase 2: 22 interior wilayas, starting in Souk Ahras after phase 1.
    assert phase_2.provinces.count() == PHASE_2_PROVINCES
    assert not set(phase_2.provinces.values_list("pk", flat=True)) & set(
        phase_1.provinces.values_list("pk", flat=True)
    )
    first = phase_2.stops.order_by("starts_on").first()
    assert first.province.name_fr == "Souk Ahras"
    assert phase_2.starts_on == first.starts_on > phase_1.ends_on
    # Oran: Kahina square, three days from 3 September.
    oran = phase_1.stops.get(province__code="31")
    assert "Kahina" in oran.venue and "الكاهنة" in oran.venue
    assert (oran.starts_on, oran.ends_on) == (datetime.date(2018, 9, 3), datetime.date(2018, 9, 5))
    # By the start of phase 2: 72,000 visitors and 631 registrations, read by the figures engine.
    before = figures.compute(
        Registration.objects.filter(stop__campaign=campaign, captured_at__date__lt=phase_2.starts_on),
        VisitorTally.objects.filter(stop__campaign=campaign, day__lt=phase_2.starts_on),
    )
    assert (before.visitors, before.registrations) == (VISITORS_BY_PHASE_2, REGISTRATIONS_BY_PHASE_2)
    whole = figures.compute(
        Registration.objects.filter(stop__campaign=campaign),
        VisitorTally.objects.filter(stop__campaign=campaign),
    )
    assert (whole.visitors, whole.registrations) == (VISITORS_BY_PHASE_2, REGISTRATIONS_BY_PHASE_2)


def test_demo_tells_the_al_hoceima_meeting_as_the_source_does(demo, db):
    import datetime

    from rowad.outreach.enums import AgendaKind, EventKind, IdeaOutcome
    from rowad.outreach.models import Event, Idea

    meeting = Event.objects.get(kind=EventKind.AWARENESS_MEETING, province__name_fr__icontains="Hoce")
    assert meeting.starts_on == datetime.date(2019, 4, 29)
    assert meeting.host_organization.acronym == "ANAPEC"  # at the agency's provincial office
    assert set(meeting.target_categories.values_list("code", flat=True)) == {"resistance-family"}
    assert set(meeting.partners.values_list("acronym", flat=True)) == {"HCAR", "ODCo", "ADS"}
    presented = {
        item.presenter_organization.acronym: item.topic
        for item in meeting.agenda_items.filter(kind=AgendaKind.PRESENTATION).exclude(
            topic="Mot de bienvenue"
        )
    }
    assert "programmes" in presented["ANAPEC"] and "accompagnement" in presented["ANAPEC"]
    assert "travail coopératif" in presented["ODCo"] and "procédure de création" in presented["ODCo"]
    assert "coopératives et des associations" in presented["ADS"]
    testimony = meeting.agenda_items.get(kind=AgendaKind.TESTIMONY)
    assert "apicole" in testimony.presenter_name and "2017" in testimony.topic
    assert "INDH" in testimony.topic and "ANAPEC" in testimony.topic
    ideas = Idea.objects.filter(registration__event=meeting)
    assert ideas.count() >= 5
    assert set(ideas.values_list("outcome", flat=True)) == {IdeaOutcome.DEEPEN}
    assert set(ideas.values_list("legal_form", flat=True)) == {"cooperative", "sole_proprietorship"}


def test_demo_records_are_written_like_a_user_would(demo, db):
    """History and audit entries name the user who created the demo's records."""
    from rowad.core.models import AuditEntry
    from rowad.outreach.models import Registration, Stop
    from rowad.partners.models import Organization, Programme
    from rowad.people.models import Person

    for model in (Stop, Person, Organization, Programme):
        created = model.history.filter(history_type="+")
        assert created.count() == model.objects.count(), model
        assert not created.filter(history_user__isnull=True).exists(), model
    registrations = Registration.objects.all()
    entries = AuditEntry.objects.filter(action="outreach.registration.created")
    assert entries.count() == registrations.count()
    assert not entries.filter(actor__isnull=True).exists()
    assert not registrations.filter(recorded_by__isnull=True).exists()
    for action in (
        "outreach.campaign.created",
        "outreach.phase.created",
        "outreach.stop.created",
        "outreach.tally.recorded",
        "outreach.event.created",
        "outreach.agenda_item.added",
        "outreach.idea.outcome_set",
        "partners.organization.created",
        "partners.agreement.created",
        "partners.programme.created",
        "portal.account.created",
        "portal.person.claimed",
    ):
        assert AuditEntry.objects.filter(action=action, actor__isnull=False).exists(), action


# --- Financing (issue 13): the stories told through the services ---------------------------


def _oran_enterprises():
    from rowad.dossiers.demo import ORAN_COMPANIES, demo_dossier

    return [demo_dossier(f"oran-company-{index}") for index in range(len(ORAN_COMPANIES))]


def test_demo_finances_the_four_oran_enterprises_with_the_three_part_formula(demo, db):
    from decimal import Decimal

    from rowad.dossiers.enums import DossierState, FinancingKind
    from rowad.financing.demo import ICT_FORMULA
    from rowad.financing.enums import Frequency, InterestBearer, LineDecision, PlanState

    enterprises = _oran_enterprises()
    assert len(enterprises) == 4
    for dossier in enterprises:
        assert dossier.state == DossierState.COMPANY_CREATED, dossier.title
        # The dossier passed "financed" on its way (the guard of the transition table).
        assert dossier.state_changes.filter(to_state=DossierState.FINANCED).exists()
        plan = dossier.financing_plan
        assert (plan.state, plan.currency, plan.formula.code) == (PlanState.APPROVED, "DZD", ICT_FORMULA)
        lines = {line.kind: line for line in plan.lines.select_related("funder")}
        assert set(lines) == {
            FinancingKind.PERSONAL_CONTRIBUTION,
            FinancingKind.AGENCY_LOAN,
            FinancingKind.BANK_LOAN,
        }
        assert sum(line.amount for line in lines.values()) == plan.investment
        for line in lines.values():
            assert line.decision == LineDecision.APPROVED
            assert line.approved_amount == line.amount
            assert line.decisions.filter(decision=LineDecision.APPROVED, recorded_by__isnull=False).exists()
        personal, agency, bank = (
            lines[FinancingKind.PERSONAL_CONTRIBUTION],
            lines[FinancingKind.AGENCY_LOAN],
            lines[FinancingKind.BANK_LOAN],
        )
        assert personal.amount == plan.investment * Decimal("0.02")
        assert agency.amount == plan.investment * Decimal("0.28")
        assert agency.funder.acronym == "ANSEJ"
        assert (agency.repaid, agency.term_months, agency.grace_months, agency.interest_rate) == (
            True,
            96,
            36,
            Decimal("0"),
        )
        assert bank.funder.acronym == "BADR"
        assert (bank.repaid, bank.term_months, bank.grace_months, bank.frequency) == (
            True,
            60,
            12,
            Frequency.MONTHLY,
        )
        assert (bank.interest_rate, bank.interest_borne_by) == (Decimal("5.5"), InterestBearer.SUBSIDY)
        # The bank's Oran agency recorded its own decision.
        assert bank.decisions.get().recorded_by.username == "funder.badr"


def test_demo_tranches_are_paid_against_invoices(demo, db):
    from rowad.dossiers.enums import FinancingKind
    from rowad.financing.enums import DisbursementPurpose

    for dossier in _oran_enterprises():
        plan = dossier.financing_plan
        personal = plan.lines.get(kind=FinancingKind.PERSONAL_CONTRIBUTION)
        assert not personal.disbursements.exists()  # the holder's own money
        for kind in (FinancingKind.AGENCY_LOAN, FinancingKind.BANK_LOAN):
            line = plan.lines.get(kind=kind)
            tranches = list(line.disbursements.all())
            assert tranches, (dossier.title, kind)
            assert line.disbursed_amount == sum(t.amount for t in tranches) == line.approved_amount
            for tranche in tranches:
                assert tranche.paid_on >= line.decided_on
                assert tranche.purpose in (DisbursementPurpose.EQUIPMENT, DisbursementPurpose.VEHICLE)
                assert tranche.supplier and tranche.invoice_number and tranche.recorded_by_id
                assert tranche.paid_by_id == line.funder_id
                # The invoice is in the private storage (the files of this module's load
                # live outside each test's storage root; tests/financing/test_demo.py reads one).
                assert tranche.invoice.name.startswith(f"financing/invoices/{dossier.pk}/")
                assert tranche.invoice.name.endswith(".pdf") and tranche.invoice_name.endswith(".pdf")
        assert plan.lines.get(kind=FinancingKind.BANK_LOAN).disbursements.count() >= 2  # in tranches


def test_demo_schedules_are_partly_repaid_one_late_one_rescheduled(demo, db):
    import datetime

    from django.utils import timezone

    from rowad.dossiers.enums import FinancingKind
    from rowad.financing.enums import ScheduleState
    from rowad.financing.models import Instalment, RepaymentSchedule

    today = timezone.localdate()
    late, rescheduled = [], []
    for dossier in _oran_enterprises():
        schedules = RepaymentSchedule.objects.filter(line__plan__dossier=dossier)
        # One schedule per repaid line (two with a rescheduling); none for the contribution.
        assert set(schedules.values_list("line__kind", flat=True)) == {
            FinancingKind.AGENCY_LOAN,
            FinancingKind.BANK_LOAN,
        }
        assert 2019 <= schedules.order_by("first_due").first().first_due.year <= 2021
        # Partly repaid: payments recorded, principal still outstanding on an active schedule.
        assert schedules.filter(payments__isnull=False).exists()
        running = schedules.filter(state=ScheduleState.ACTIVE)
        assert running.filter(outstanding_principal__gt=0, payments__isnull=False).exists(), dossier.title
        for schedule in running:
            assert 0 < schedule.outstanding_principal < schedule.principal
        if running.filter(first_unpaid_due__lt=today - datetime.timedelta(days=30)).exists():
            late.append(dossier)
        else:
            assert not running.filter(first_unpaid_due__lt=today).exists(), dossier.title
        # The state pays the bank loan's interest: shown apart, never owed by the holder.
        bank = schedules.filter(line__kind=FinancingKind.BANK_LOAN)
        bank_instalments = Instalment.objects.filter(schedule__in=bank)
        assert bank_instalments.filter(subsidised_interest__gt=0).exists()
        assert not bank_instalments.filter(interest__gt=0).exists()
        old = schedules.filter(state=ScheduleState.SUPERSEDED).first()
        if old is not None:
            rescheduled.append(dossier)
            new = RepaymentSchedule.objects.get(supersedes=old)
            assert new.reason and new.number == old.number + 1 and new.line_id == old.line_id
            assert old.instalments.exists()  # the old schedule is kept, with its instalments
            assert new.principal == old.outstanding_principal  # nothing paid is lost
            assert new.state in (ScheduleState.ACTIVE, ScheduleState.CLOSED)
    assert [d.title for d in late] == [d.title for d in _oran_enterprises() if "Bahia" in d.title]
    assert [d.title for d in rescheduled] == [
        d.title for d in _oran_enterprises() if "Ouest Hertz" in d.title
    ]


def test_demo_al_hoceima_cooperative_is_financed_by_indh_and_ads_grants(demo, db):
    from rowad.dossiers.demo import HOCEIMA_COOPERATIVE_KEY, demo_dossier
    from rowad.dossiers.enums import DossierState, FinancingKind, LegalForm
    from rowad.financing.demo import HOCEIMA_FORMULA
    from rowad.financing.enums import LineDecision, PlanState
    from rowad.financing.models import FinancingFormula

    cooperative = demo_dossier(HOCEIMA_COOPERATIVE_KEY)
    assert cooperative is not None
    assert (cooperative.state, cooperative.legal_form) == (
        DossierState.COMPANY_CREATED,
        LegalForm.COOPERATIVE,
    )
    assert cooperative.holders.count() == 5
    approval = cooperative.state_changes.get(to_state=DossierState.APPROVED)
    assert approval.decided_by_body and "2017" in approval.decision_label
    plan = cooperative.financing_plan
    assert (plan.state, plan.currency, plan.formula.code) == (PlanState.APPROVED, "MAD", HOCEIMA_FORMULA)
    grants = list(plan.lines.filter(kind=FinancingKind.GRANT).select_related("funder"))
    assert sorted(line.funder.acronym for line in grants) == ["ADS", "INDH"]
    assert not plan.lines.filter(kind=FinancingKind.HONOUR_LOAN).exists()  # the grants cover it
    invoices = set()
    for line in grants:
        assert line.decision == LineDecision.APPROVED and line.decided_on.year == 2017
        assert (
            line.disbursed_amount == line.approved_amount == sum(t.amount for t in line.disbursements.all())
        )
        for tranche in line.disbursements.all():
            assert tranche.paid_on.year == 2017 and tranche.invoice.name.endswith(".pdf") and tranche.supplier
            invoices.add((line.funder.acronym, tranche.invoice_number))
    # The hives on the INDH grant, the honey extractor on the ADS grant (the invoices'
    # items are in HOCEIMA_STORY).
    assert {("INDH", "F-17/045"), ("ADS", "FA-2017-0263")} <= invoices
    # The Moroccan formula has its honour loan part (0 %, quarterly, with grace).
    honour = FinancingFormula.objects.get(code=HOCEIMA_FORMULA).parts.get(kind=FinancingKind.HONOUR_LOAN)
    assert (honour.repaid, honour.interest_rate, honour.frequency, honour.grace_months) == (
        True,
        0,
        "quarterly",
        12,
    )


def test_demo_caravan_dossiers_reach_their_states_through_financing(demo, db):
    from rowad.dossiers.demo import demo_dossier
    from rowad.dossiers.enums import DossierState
    from rowad.financing.enums import PlanState

    for state in (DossierState.FINANCED, DossierState.COMPANY_CREATED, DossierState.CLOSED):
        dossier = demo_dossier(f"caravan-{state}")
        if dossier is None:  # no eligible young person left for this state
            continue
        assert dossier.state == state
        assert dossier.financing_plan.state == PlanState.APPROVED
        assert dossier.state_changes.filter(to_state=DossierState.FINANCED).exists()


def test_demo_bank_officer_sees_only_the_oran_bank_lines(demo, db):
    from rowad.accounts.models import User
    from rowad.dossiers.enums import FinancingKind
    from rowad.financing.models import PlanLine
    from rowad.financing.queries import lines_visible_to

    banker = User.objects.get(username="funder.badr")
    oran = {d.financing_plan.lines.get(kind=FinancingKind.BANK_LOAN).pk for d in _oran_enterprises()}
    visible = set(lines_visible_to(banker).values_list("pk", flat=True))
    assert oran <= visible
    in_oran = PlanLine.objects.filter(
        funder__acronym="BADR", plan__dossier__province__country="DZ", plan__dossier__province__code="31"
    )
    assert visible == set(in_oran.values_list("pk", flat=True))
    # Bank lines elsewhere (the caravan's wilayas) are not the Oran agency's.
    assert not visible & set(PlanLine.objects.exclude(pk__in=in_oran).values_list("pk", flat=True))


# --- Enterprises (issue 14): the companies behind "company created" -------------------------


def test_demo_records_an_enterprise_behind_every_company_created(demo, db):
    from django.utils import timezone

    from rowad.dossiers.demo import HOCEIMA_COOPERATIVE_KEY, demo_dossier
    from rowad.dossiers.enums import DossierState
    from rowad.dossiers.models import Dossier
    from rowad.enterprises.enums import LegalForm, MemberRole
    from rowad.enterprises.identifiers import clean_identifiers
    from rowad.enterprises.models import Enterprise

    today = timezone.localdate()
    for state in (DossierState.COMPANY_CREATED, DossierState.CLOSED):
        for dossier in Dossier.objects.filter(
            state=state, state_changes__to_state=DossierState.COMPANY_CREATED
        ):
            assert Enterprise.objects.filter(dossier=dossier).exists(), dossier.title
    oran = [Enterprise.objects.get(dossier=d) for d in _oran_enterprises()]
    assert [e.name_latin for e in oran] == [
        "Fibre Kahina",
        "EURL Oran Fibre Services",
        "Bahia Génie Civil",
        "EURL Ouest Hertz",
    ]
    from django.db.models import Max

    from rowad.financing.models import Disbursement

    for enterprise in oran:
        # A month or two after its 2019 financing (the last tranche paid out), with valid identifiers.
        financed = Disbursement.objects.filter(line__plan__dossier=enterprise.dossier).aggregate(
            last=Max("paid_on")
        )["last"]
        assert financed.year == 2019
        assert 30 <= (enterprise.created_on - financed).days <= 60
        assert enterprise.legal_form in (LegalForm.MICRO_ENTERPRISE, LegalForm.EURL)
        values = {f: getattr(enterprise, f) for f in ("trade_register", "tax_id", "statistical_id")}
        assert all(values.values()) and clean_identifiers("DZ", enterprise.legal_form, values)[1] == {}
        assert enterprise.trade_register.startswith("31/00-0")
        assert enterprise.steps.exists() and enterprise.obligations.exists()
    cooperative = Enterprise.objects.get(dossier=demo_dossier(HOCEIMA_COOPERATIVE_KEY))
    assert (cooperative.legal_form, cooperative.created_on.year, cooperative.country) == (
        LegalForm.COOPERATIVE,
        2017,
        "MA",
    )
    members = list(cooperative.members.order_by("-role", "id"))
    assert len(members) == 5 and sum(m.share for m in members) == 100
    assert [m.role for m in members].count(MemberRole.MANAGER) == 1
    assert cooperative.ice and cooperative.tax_id and cooperative.odco_number
    assert not Enterprise.objects.filter(created_on__gt=today).exists()


def test_demo_enterprises_are_followed_and_their_survival_is_not_trivial(demo, db):
    import datetime

    from django.conf import settings
    from django.utils import timezone

    from rowad.accounts.models import User
    from rowad.dossiers.demo import HOCEIMA_COOPERATIVE_KEY, demo_dossier
    from rowad.dossiers.enums import DossierState
    from rowad.enterprises.definitions import alive_at_q, observed_q
    from rowad.enterprises.enums import EnterpriseStatus, LifeEventKind
    from rowad.enterprises.models import Enterprise, JobsDeclaration, Visit
    from rowad.enterprises.queries import caseload_dossiers

    today = timezone.localdate()
    assert not Visit.objects.filter(visited_on__gt=today).exists()
    mentor = User.objects.get(username="mentor")
    oran = [Enterprise.objects.get(dossier=d) for d in _oran_enterprises()]
    caseload = set(caseload_dossiers(mentor).values_list("pk", flat=True))
    for enterprise in oran:
        assert enterprise.dossier_id in caseload
        assert enterprise.visits.count() >= 7 and enterprise.sessions.exists()
        assert enterprise.dossier.accompaniment_sessions.filter(phase="pre_creation").exists()
        assert not enterprise.steps.filter(done_on__isnull=True).exists()
    for enterprise in oran:
        pre = enterprise.dossier.accompaniment_sessions.filter(phase="pre_creation")
        assert not pre.filter(held_on__gte=enterprise.created_on).exists()
        assert enterprise.dossier.mentor_assignments.get().started_on < enterprise.created_on
    kahina, quiet, bahia, hertz = oran
    assert kahina.total_jobs > kahina.initial_jobs and (kahina.permanent_women or kahina.seasonal_women)
    assert {"cash", "orders"} <= set(bahia.visits.order_by("visited_on").last().difficulties)
    assert list(hertz.life_events.values_list("kind", flat=True)) == [
        LifeEventKind.SUSPENDED,
        LifeEventKind.RESUMED,
    ]
    assert hertz.status == EnterpriseStatus.OPERATING
    # The caravan's closed dossier: its enterprise closed with a reason, then the file closed.
    closed = demo_dossier("caravan-closed")
    if closed is not None:
        assert closed.state == DossierState.CLOSED
        assert closed.enterprise.status == EnterpriseStatus.CLOSED
        assert closed.enterprise.life_events.get(kind=LifeEventKind.CLOSED).reason
    # Survival at one year, by the shared definition: some observed, not all alive.
    for years in (1, 2, 3):
        observed = Enterprise.objects.filter(observed_q(years, today))
        alive = observed.filter(alive_at_q(years, today))
        assert observed.count() >= 5 and 0 < alive.count() < observed.count()
    # Visited lately, all but one Oran enterprise (the no-visit alert) and Bahia's difficulties.
    months = datetime.timedelta(days=31 * settings.ROWAD_VISIT_ALERT_MONTHS)
    assert [e for e in oran if today - e.visits.order_by("visited_on").last().visited_on > months] == [quiet]
    from rowad.enterprises.alerts import enterprise_alerts

    alerts = enterprise_alerts(Enterprise.objects.filter(pk__in=[e.pk for e in oran]))
    assert {pk: [a.kind for a in found] for pk, found in alerts.items()} == {
        quiet.pk: ["no_visit"],
        bahia.pk: ["difficulties"],
    }
    # The cooperative: a mentor of Al Hoceima, visits from 2017 up to the last months.
    cooperative = Enterprise.objects.get(dossier=demo_dossier(HOCEIMA_COOPERATIVE_KEY))
    assert cooperative.dossier.mentor_assignments.get().mentor.username == "mentor.hoceima"
    visits = cooperative.visits.order_by("visited_on")
    assert visits.first().visited_on.year == 2017
    assert today - visits.last().visited_on < datetime.timedelta(days=200)
    assert cooperative.steps.filter(done_on__year=2017).count() == cooperative.steps.count() > 0
    # Holders' declarations: one confirmed, one waiting for the officer.
    declarations = JobsDeclaration.objects.filter(enterprise=kahina)
    assert declarations.filter(confirmed_at__isnull=False).count() == 1
    assert declarations.filter(confirmed_at__isnull=True).count() == 1
