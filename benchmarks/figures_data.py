"""Synthetic data for the figures benchmark (figures_dashboard), written inside PostgreSQL.

    python -m benchmarks.figures_data --people 1000000     # ~5,000,000 events
    python -m benchmarks.figures_data --people 20000       # a quick check

THIS IS THE ONLY PLACE WHERE DATA BYPASSES THE SERVICES, for speed: every row is written
with set-based `INSERT … SELECT … FROM generate_series` on the server (the services write
one record at a time with its history, audit and notifications; the point here is the
read side). The benchmark database (BENCH_FIGURES_DATABASE_URL, default
postgres://postgres@127.0.0.1/rowad_bench_figures) is THROWAWAY: it is dropped and
recreated when the size asked for differs from the one generated, then migrated
(`manage.py migrate`, from a copy of the migrated empty schema kept as `<name>_migrated`); the same size again is a no-op (the size is kept in
`bench_figures_size`).

What is written, for P people (ids are explicit, so the rows find each other by arithmetic):
- 58 wilayas, skewed: ten big provinces (Algiers, Oran, Sétif, Constantine…) hold about
  half the people; one campaign, 4 phases of 6 months (2024-2025), a stop per phase and
  wilaya (232 stops), 3 days of visitor tallies per stop;
- people (born 1975-2007, 45 % women), one registration each at the stop of their
  province in phase (id mod 4) + 1, and a second one in another phase for one in five
  (1.2 P registrations);
- P/5 dossiers (lead holder, a second holder for one in five), with the StateChange rows
  of their first submission (all), eligibility check (70 %) and approval (40 %);
- for the approved: a financing plan with two approved lines (agency loan 30 %, bank loan
  70 %); for 30 % of the dossiers: a disbursement per line, a 36-month repayment schedule
  on the agency loan, its instalments, a payment per instalment due before 2026-12-01
  (one schedule in ten stops paying after three: arrears);
- 25 % of the dossiers become an enterprise (P/20: 50,000 at 1,000,000 people; one in ten
  closed); 40 % of that many work orders from one sponsor, three in four contracted
  (allocation accepted + contract), the others unfilled;
- one person in four enrolled in a cohort (8 cohorts per wilaya and course, 4 courses):
  60 % passed, 15 % failed, 10 % withdrew.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1/rowad_bench_figures"
# Wilaya code -> weight (the others weigh 1): a few big provinces.
BIG = {"16": 14, "31": 8, "19": 6, "25": 5, "09": 5, "15": 4, "05": 4, "06": 4, "13": 3, "17": 3}
AS_OF = "2026-12-01"


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def psql(database: str, sql: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["psql", "-h", "127.0.0.1", "-U", "postgres", "-Atqd", database, "-c", sql],
        capture_output=True,
        text=True,
        check=False,
    )


def server_up() -> bool:
    try:
        return psql("postgres", "SELECT 1").returncode == 0
    except FileNotFoundError:
        return False


def generated_size(url: str) -> int:
    out = psql(url.rsplit("/", 1)[1], "SELECT people FROM bench_figures_size")
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else -1


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()


def ensure(people: int, url: str = DEFAULT_URL) -> float:
    """The database at `url` holds the data for `people` (generated if not); returns the
    seconds spent generating (0 when it was already there). Django is set up on `url`."""
    if generated_size(url) == people:
        setup_django(url)
        from django.core.management import call_command

        call_command("migrate", verbosity=0)  # the indexes added since the data was generated
        log(f"data for {people:,} people already generated: kept (migrated)")
        return 0.0
    name = url.rsplit("/", 1)[1]
    template = f"{name}_migrated"  # the migrated, empty schema: a new size needs no full migrate
    psql("postgres", f"DROP DATABASE IF EXISTS {name}")
    fresh = psql("postgres", f"CREATE DATABASE {name} TEMPLATE {template}").returncode != 0
    if fresh:
        psql("postgres", f"CREATE DATABASE {name}")
    setup_django(url)
    from django.core.management import call_command
    from django.db import connection

    started = time.perf_counter()
    call_command("migrate", verbosity=0)
    log(f"migrate: {time.perf_counter() - started:.0f} s")
    if fresh:
        connection.close()
        psql("postgres", f"CREATE DATABASE {template} TEMPLATE {name}")
    started = time.perf_counter()
    generate(people)
    seconds = time.perf_counter() - started
    log(f"generated for {people:,} people in {seconds:.0f} s")
    return seconds


def reference_data() -> dict[str, str]:
    """The few rows everything hangs on (organizations, programmes, campaign, stops,
    courses, cohorts), as SQL literals for the set-based steps."""
    import datetime

    from rowad.core.models import Province
    from rowad.financing.models import FinancingFormula
    from rowad.outreach.models import Campaign, Phase, Stop
    from rowad.partners.models import Organization, Programme, Specialty
    from rowad.training.models import Cohort, Course

    agency = Organization.objects.create(kind="agency", country="DZ", name_fr="ANADE (bench)")
    sponsor = Organization.objects.create(kind="sponsor", country="DZ", name_fr="Sonelgaz (bench)")
    programmes = [
        Programme.objects.create(code=f"bf-{i}", name_fr=f"Programme {i}", operator=agency) for i in range(4)
    ]
    specialties = [Specialty.objects.create(code=f"bf-{i}", name_fr=f"Spécialité {i}") for i in range(12)]
    formulas = [
        FinancingFormula.objects.create(code=f"bf-{i}", name_fr=f"Formule {i}", currency="DZD", programme=p)
        for i, p in enumerate(programmes)
    ]
    wilayas = list(Province.objects.filter(country_id="DZ", code__lte="58").order_by("code"))
    campaign = Campaign.objects.create(
        code="bf-caravan",
        name_fr="Caravane (bench)",
        country="DZ",
        starts_on=datetime.date(2024, 1, 1),
        lead_organization=agency,
        programme=programmes[0],
    )
    stops = []
    for number in range(1, 5):
        start = datetime.date(2024 + (number - 1) // 2, 1 if number % 2 else 7, 1)
        phase = Phase.objects.create(
            campaign=campaign,
            number=number,
            name_fr=f"Phase {number}",
            starts_on=start,
            ends_on=start + datetime.timedelta(days=180),
        )
        for index, wilaya in enumerate(wilayas):
            day = start + datetime.timedelta(days=index * 3)
            stops.append(
                Stop(
                    campaign=campaign,
                    phase=phase,
                    province=wilaya,
                    venue=f"Place {wilaya.code}",
                    starts_on=day,
                    ends_on=day + datetime.timedelta(days=2),
                    public_code=f"bf{number}{wilaya.code}",
                )
            )
    Stop.objects.bulk_create(stops)
    courses = [
        Course.objects.create(
            code=f"bf-{i}",
            name_fr=f"Formation {i}",
            programme=p,
            provider=agency,
            duration_days=10,
            duration_hours=60,
        )
        for i, p in enumerate(programmes)
    ]
    cohorts = [
        Cohort(
            reference=f"BF-{w.code}-{c.pk}-{s}",
            course=c,
            province=w,
            starts_on=datetime.date(2024, 3, 1) + datetime.timedelta(days=90 * s),
            ends_on=datetime.date(2024, 3, 15) + datetime.timedelta(days=90 * s),
            capacity=200,
            state="completed",
        )
        for w in wilayas
        for c in courses
        for s in range(8)
    ]
    Cohort.objects.bulk_create(cohorts)
    weights = [BIG.get(w.code, 1) for w in wilayas]
    cumulative, total = [], 0
    for weight in weights:
        cumulative.append(total / sum(weights))
        total += weight

    def array(values) -> str:
        return f"ARRAY[{','.join(str(v) for v in values)}]"

    return {
        "provinces": array(w.pk for w in wilayas),
        "thresholds": f"ARRAY[{','.join(f'{t:.6f}' for t in cumulative)}]::float8[]",
        "programmes": array(p.pk for p in programmes),
        "formulas": array(f.pk for f in formulas),
        "specialties": array(s.pk for s in specialties),
        "courses": array(c.pk for c in courses),
        "agency": str(agency.pk),
        "sponsor": str(sponsor.pk),
    }


BAND = """CASE WHEN {age} <= 17 THEN '<18' WHEN {age} <= 24 THEN '18-24' WHEN {age} <= 29 THEN '25-29'
  WHEN {age} <= 34 THEN '30-34' WHEN {age} <= 39 THEN '35-39' ELSE '40+' END"""
AGE = "extract(year FROM age(c.on_day, p.birth_date))::int"

# (label, SQL); {P} people, {D} dossiers, {W} work orders, plus reference_data().
STEPS = [
    (
        "stops (helper table)",
        """CREATE TABLE bench_stop AS SELECT s.id, s.province_id, ph.number AS phase_no, s.starts_on
           FROM outreach_stop s JOIN outreach_phase ph ON ph.id = s.phase_id;
           CREATE INDEX ON bench_stop (province_id, phase_no);
           INSERT INTO outreach_visitortally (client_uuid, day, count, note, created_at, stop_id)
           SELECT gen_random_uuid(), s.starts_on + k, 200 + (s.id * 37 + k * 11) % 400, '', now(), s.id
           FROM bench_stop s, generate_series(0, 2) k""",
    ),
    (
        "people",
        """INSERT INTO people_person (id, created_at, updated_at, given_name_ar, family_name_ar,
             given_name_latin, family_name_latin, country, national_id, birth_date, sex, phone, phone_alt,
             email, address, education_level, diploma, employment_status, first_met, preferred_language,
             sort_name, province_id)
           SELECT g, now(), now(), '', '', 'Prenom' || g, 'Nom' || (g % 5000), 'DZ', '1' || lpad(g::text, 17, '0'),
             date '1975-01-01' + (random() * 11680)::int, CASE WHEN random() < 0.45 THEN 'F' ELSE 'M' END,
             '', '', '', '', '', '', '', '', 'ar', 'nom' || (g % 5000),
             ({provinces})[width_bucket(random(), {thresholds})]
           FROM generate_series(1, {P}) g""",
    ),
    (
        "registrations",
        f"""INSERT INTO outreach_registration (id, created_at, updated_at, client_uuid, channel,
             linked_existing, captured_at, idea, consent, sex, age, age_band, person_id, stop_id,
             specialty_id, residence_province_id)
           SELECT p.id + k * {{P}}, c.at, c.at, gen_random_uuid(), 'field', false, c.at, '', true, p.sex,
             {AGE}, {BAND.format(age=AGE)}, p.id, s.id, ({{specialties}})[p.id % 12 + 1], p.province_id
           FROM people_person p CROSS JOIN generate_series(0, 1) k
           JOIN bench_stop s ON s.province_id = p.province_id AND s.phase_no = (p.id + k) % 4 + 1
           CROSS JOIN LATERAL (SELECT s.starts_on + (p.id % 3)::int AS on_day,
             (s.starts_on + (p.id % 3)::int + time '09:00' + (p.id % 480) * interval '1 minute') AT TIME ZONE 'Africa/Algiers' AS at) c
           WHERE k = 0 OR p.id % 5 = 0""",
    ),
    (
        "dossiers",
        """INSERT INTO dossiers_dossier (id, created_at, updated_at, reference, title, idea, sector,
             legal_form, investment, state, version, eligibility, eligibility_outcome, revision_request,
             submitted_at, organization_id, programme_id, province_id, specialty_id, met_at_stop_id)
           SELECT d, r.captured_at + interval '20 days', now(), 'BF-' || lpad(d::text, 7, '0'), 'Projet ' || d,
             '', '', 'auto_entrepreneur', 1500000 + (d % 50) * 50000,
             CASE WHEN h < 25 THEN 'company_created' WHEN h < 30 THEN 'financed' WHEN h < 40 THEN 'to_financing'
               WHEN h < 70 THEN 'under_study' ELSE 'submitted' END,
             0, '{{}}'::jsonb, '', '', r.captured_at + interval '30 days', {agency},
             ({programmes})[d % 4 + 1], p.province_id, ({specialties})[d % 12 + 1], r.stop_id
           FROM generate_series(1, {D}) d CROSS JOIN LATERAL (SELECT (d * 7919) % 100 AS h) x
           JOIN outreach_registration r ON r.id = d * 5 JOIN people_person p ON p.id = d * 5;
           CREATE TABLE bench_dossier AS SELECT id AS d, (id * 7919) % 100 AS h, submitted_at AS sub,
             programme_id, investment FROM dossiers_dossier;
           INSERT INTO dossiers_dossierholder (is_lead, added_at, dossier_id, person_id)
           SELECT true, now(), d, d * 5 FROM bench_dossier
           UNION ALL SELECT false, now(), d, d * 5 - 1 FROM bench_dossier WHERE d % 5 = 0""",
    ),
    (
        "state changes",
        """INSERT INTO dossiers_statechange (from_state, to_state, note, created_at, dossier_id,
             decided_by_body, decision_label, decision_reference)
           SELECT 'idea', 'submitted', '', sub, d, '', '', '' FROM bench_dossier
           UNION ALL SELECT 'submitted', 'eligibility_checked', '', sub + interval '30 days', d, '', '', ''
             FROM bench_dossier WHERE h < 70
           UNION ALL SELECT 'ready_for_committee', 'approved', '', sub + interval '90 days', d, 'committee', '', ''
             FROM bench_dossier WHERE h < 40""",
    ),
    (
        "plans, lines, disbursements",
        """INSERT INTO financing_financingplan (id, created_at, updated_at, currency, investment, state,
             approved_on, version, dossier_id, formula_id)
           SELECT d, sub + interval '95 days', now(), 'DZD', investment, 'approved',
             (sub + interval '110 days')::date, 0, d, ({formulas})[d % 4 + 1]
           FROM bench_dossier WHERE h < 40;
           INSERT INTO financing_planline (id, repaid, term_months, grace_months, interest_rate,
             interest_borne_by, frequency, position, kind, amount, deviation, decision, submitted_on,
             decided_on, approved_amount, conditions, refusal_reason, disbursed_amount, version, plan_id)
           SELECT 2 * d - 1 + k, k = 0, CASE WHEN k = 0 THEN 36 END, 0, 0, 'subsidy', 'monthly', k,
             CASE WHEN k = 0 THEN 'agency_loan' ELSE 'bank_loan' END, a.amount, '', 'approved',
             (sub + interval '96 days')::date, (sub + interval '110 days')::date, a.amount, '', '',
             CASE WHEN h < 30 THEN a.amount ELSE 0 END, 0, d
           FROM bench_dossier CROSS JOIN generate_series(0, 1) k
           CROSS JOIN LATERAL (SELECT round(investment * CASE WHEN k = 0 THEN 0.3 ELSE 0.7 END, 2) AS amount) a
           WHERE h < 40;
           INSERT INTO financing_disbursement (id, amount, paid_on, purpose, supplier, invoice_number,
             invoice, invoice_name, recorded_at, line_id)
           SELECT l.id, l.amount, (b.sub + interval '150 days')::date + l.position * 20, 'equipment',
             'Fournisseur', '', '', '', now(), l.id
           FROM financing_planline l JOIN bench_dossier b ON b.d = l.plan_id WHERE b.h < 30""",
    ),
    (
        "schedules, instalments, payments",
        f"""INSERT INTO financing_repaymentschedule (id, repaid, term_months, grace_months, interest_rate,
             interest_borne_by, frequency, number, state, currency, principal, first_due, reason,
             outstanding_principal, created_at, version, line_id)
           SELECT l.plan_id, true, 36, 0, 0, 'subsidy', 'monthly', 1, 'active', 'DZD', l.amount,
             (b.sub + interval '240 days')::date, '', l.amount, now(), 0, l.id
           FROM financing_planline l JOIN bench_dossier b ON b.d = l.plan_id WHERE b.h < 30 AND l.position = 0;
           INSERT INTO financing_instalment (id, number, due_on, principal, interest, subsidised_interest,
             paid_principal, paid_interest, settled_on, schedule_id)
           SELECT s.id * 36 + i, i, due, round(s.principal / 36, 2), 0, 0,
             CASE WHEN paid THEN round(s.principal / 36, 2) ELSE 0 END, 0,
             CASE WHEN paid THEN due + ((s.id + i) % 6)::int END, s.id
           FROM financing_repaymentschedule s CROSS JOIN generate_series(1, 36) i
           CROSS JOIN LATERAL (SELECT (s.first_due + (i - 1) * interval '1 month')::date AS due) x
           CROSS JOIN LATERAL (SELECT due < date '{AS_OF}' AND (s.id % 10 <> 0 OR i <= 3) AS paid) y
           ORDER BY s.id, i;
           INSERT INTO financing_payment (id, amount, currency, paid_on, reference, client_uuid,
             recorded_at, schedule_id)
           SELECT id, paid_principal, 'DZD', settled_on, '', gen_random_uuid(), now(), schedule_id
           FROM financing_instalment WHERE settled_on IS NOT NULL;
           UPDATE financing_repaymentschedule s SET first_unpaid_due = u.first, outstanding_principal = u.left_
           FROM (SELECT schedule_id, min(due_on) FILTER (WHERE settled_on IS NULL) AS first,
                   sum(principal - paid_principal) AS left_ FROM financing_instalment GROUP BY 1) u
           WHERE u.schedule_id = s.id""",
    ),
    (
        "enterprises, orders, contracts",
        """INSERT INTO enterprises_enterprise (id, created_at, updated_at, permanent_men, permanent_women,
             seasonal_men, seasonal_women, turnover_band, reference, legal_form, country, name_ar,
             name_latin, activity, address, created_on, status, ended_on, manager_sex, manager_age_band,
             trade_register, tax_id, statistical_id, ice, odco_number, initial_jobs, version, dossier_id,
             organization_id, programme_id, province_id, specialty_id)
           SELECT d.id, now(), now(), 1 + d.id % 3, d.id % 2, d.id % 4, 0, '', 'EF-' || lpad(d.id::text, 7, '0'),
             'micro_enterprise', 'DZ', '', 'Entreprise ' || d.id, '', '', c.on_day,
             CASE WHEN d.id % 10 = 0 THEN 'closed' ELSE 'operating' END,
             CASE WHEN d.id % 10 = 0 THEN c.on_day + 300 END, '', '', '', '', '', '', '', 2, 0, d.id,
             d.organization_id, d.programme_id, d.province_id, d.specialty_id
           FROM dossiers_dossier d CROSS JOIN LATERAL (SELECT (d.submitted_at + interval '240 days')::date AS on_day) c
           WHERE d.state = 'company_created';
           CREATE TABLE bench_ent AS SELECT id, created_on, programme_id, province_id, specialty_id,
             row_number() OVER (ORDER BY id) AS rn FROM enterprises_enterprise;
           INSERT INTO market_workorder (id, created_at, updated_at, reference, title, description, communes,
             quantity, unit, estimated_amount, currency, starts_on, ends_on, min_workers, reserved_for_micro,
             method, weight_performance, weight_distance, weight_capacity, payment_days, status,
             cancel_reason, version, programme_id, province_id, specialty_id, sponsor_id)
           SELECT w, e.created_on + 60, now(), 'WO-' || lpad(w::text, 7, '0'), 'Travaux ' || w, '', '', 1, 'u',
             400000, 'DZD', e.created_on + 90, e.created_on + 150, 1, false, 'rotation', 0, 0, 0, 30,
             CASE WHEN w % 4 = 0 THEN 'unfilled' ELSE 'contracted' END, '', 0, e.programme_id,
             e.province_id, e.specialty_id, {sponsor}
           FROM generate_series(1, {W}) w JOIN bench_ent e ON e.rn = w;
           INSERT INTO market_allocation (id, round, method, basis, amount, candidates, reason, override_reason,
             status, offered_at, answer_by, decline_reason, enterprise_id, order_id)
           SELECT o.id, 1, 'rotation', '', o.estimated_amount, '[]'::jsonb, '{{}}'::jsonb, '', 'accepted',
             o.created_at, o.created_at::date + 5, '', e.id, o.id
           FROM market_workorder o JOIN bench_ent e ON e.rn = o.id
           WHERE o.status = 'contracted';
           INSERT INTO market_contract (id, reference, amount, currency, signed_on, ends_on, status, version,
             created_at, allocation_id, enterprise_id, order_id)
           SELECT a.id, 'CT-' || lpad(a.id::text, 7, '0'), a.amount, 'DZD', o.starts_on - 10, o.ends_on,
             'active', 0, now(), a.id, a.enterprise_id, o.id
           FROM market_allocation a JOIN market_workorder o ON o.id = a.order_id""",
    ),
    (
        "enrolments",
        """INSERT INTO training_enrolment (id, created_at, updated_at, status, source, eligibility,
             enrolled_at, withdrawn_at, withdrawal_reason, result, result_reasons, result_at, version,
             cohort_id, person_id, registration_id)
           SELECT p.id, r.captured_at, now(), CASE WHEN x.h < 10 THEN 'withdrawn' ELSE 'enrolled' END,
             'registration', '{{}}'::jsonb, r.captured_at + interval '20 days',
             CASE WHEN x.h < 10 THEN r.captured_at + interval '30 days' END, '',
             CASE WHEN x.h < 10 THEN 'pending' WHEN x.h < 70 THEN 'passed' WHEN x.h < 85 THEN 'failed'
               ELSE 'pending' END, '[]'::jsonb,
             CASE WHEN x.h >= 10 AND x.h < 85 THEN r.captured_at + interval '45 days' END, 0,
             co.id, p.id, r.id
           FROM people_person p JOIN outreach_registration r ON r.id = p.id
           CROSS JOIN LATERAL (SELECT (p.id * 7907) % 100 AS h) x
           JOIN training_cohort co ON co.province_id = p.province_id
             AND co.course_id = ({courses})[(p.id / 4) % 4 + 1]
             AND co.reference LIKE '%-' || ((p.id / 16) % 8)::text
           WHERE p.id % 4 = 0""",
    ),
]


def generate(people: int) -> None:
    from django.db import connection

    refs = reference_data()
    sizes = {"P": people, "D": people // 5, "W": max(people // 50, 1)}
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        cursor.execute("SELECT setseed(0.17)")
        for label, sql in STEPS:
            started = time.perf_counter()
            cursor.execute(sql.format(**sizes, **refs))
            log(f"{label}: {time.perf_counter() - started:.1f} s")
        for table in (
            "people_person",
            "outreach_registration",
            "dossiers_dossier",
            "financing_planline",
            "financing_disbursement",
            "financing_repaymentschedule",
            "financing_instalment",
            "financing_payment",
            "enterprises_enterprise",
            "market_workorder",
            "market_allocation",
            "market_contract",
            "training_enrolment",
        ):
            cursor.execute(
                f"SELECT setval(pg_get_serial_sequence('{table}', 'id'), (SELECT max(id) FROM {table}))"
            )
        cursor.execute("DROP TABLE bench_stop, bench_dossier, bench_ent")
        cursor.execute("CREATE TABLE bench_figures_size (people integer NOT NULL)")
        cursor.execute("INSERT INTO bench_figures_size VALUES (%s)", [people])
    connection.ensure_connection()
    raw = connection.connection
    raw.autocommit = True
    started = time.perf_counter()
    with raw.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    raw.autocommit = False
    log(f"VACUUM ANALYZE: {time.perf_counter() - started:.0f} s")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks.figures_data")
    parser.add_argument("--people", type=int, default=int(os.environ.get("BENCH_FIGURES_PEOPLE", 1_000_000)))
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    if not server_up():
        print("no PostgreSQL server on 127.0.0.1: figures data not generated")
        return
    ensure(args.people, os.environ.get("BENCH_FIGURES_DATABASE_URL", DEFAULT_URL))


if __name__ == "__main__":
    main()
