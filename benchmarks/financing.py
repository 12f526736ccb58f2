"""Financing at scale on PostgreSQL: arrears and portfolio at risk (PAR30/PAR90), set-based
(`rowad.financing.portfolio`) against the same figures computed naively in the ORM, in the
same run; generating the schedules of a 10,000-line import; the holder's calendar query.

    python -m benchmarks financing --dossiers 100000
    make bench                      # every benchmark (BENCH_FIN_DOSSIERS, default 10000)

Environment: BENCH_FIN_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_fin —
dropped and recreated), BENCH_FIN_DOSSIERS, BENCH_REPEAT (5), BENCH_NAIVE_LIMIT (skip the
naive pass above this many schedules; default: never skip).

The data is written in bulk, NOT through the services (the services write one dossier at a
time with their audit; the point here is the read side): dossiers and plans with Django's
bulk_create, then lines, schedules and instalments with set-based INSERT … SELECT over
generate_series on the server (the COPY-like path), then one UPDATE that sets each
schedule's `outstanding_principal` and `first_unpaid_due` as the payment service keeps them,
then VACUUM ANALYZE. Each dossier has 3 repaid lines (agency loan, bank loan with
subsidised interest, bank loan with the holder's interest), each one active schedule of 60
monthly instalments (5 years); first due dates spread over 2022-01 … 2026-11; on the
benchmark date most schedules are paid up to date, 20 % are 1 to 8 months behind.
"""

from __future__ import annotations

import argparse
import datetime
import importlib.util
import os
import platform
import random
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_fin"
AS_OF = datetime.date(2026, 12, 1)
GROUPINGS = ("programme", "funder", "province", "officer")
PROGRAMMES = 4
BANKS = 6
OFFICERS = 40
INSTALMENTS = 60


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()


def recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", "postgres", "-c"]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)


def log(message: str) -> None:
    print(f"[{time.strftime('%H:%M:%S')}] {message}", flush=True)


def load(dossiers: int) -> dict:
    """Write the synthetic portfolio (see the module docstring); returns what was built."""
    from django.db import connection

    from rowad.accounts.models import User
    from rowad.core.models import Province
    from rowad.dossiers.enums import DossierState
    from rowad.dossiers.models import Dossier
    from rowad.financing.models import FinancingFormula, FinancingPlan
    from rowad.partners.models import Organization, Programme

    rng = random.Random(13)
    agency = Organization.objects.create(kind="agency", country="DZ", name_fr="ANADE (bench)")
    banks = [
        Organization.objects.create(kind="funder", country="DZ", name_fr=f"Banque {i} (bench)")
        for i in range(BANKS)
    ]
    programmes = [
        Programme.objects.create(code=f"bench-{i}", name_fr=f"Programme {i} (bench)", operator=agency)
        for i in range(PROGRAMMES)
    ]
    formulas = [
        FinancingFormula.objects.create(
            code=f"bench-{i}", name_fr=f"Formule {i}", programme=p, currency="DZD"
        )
        for i, p in enumerate(programmes)
    ]
    officers = [User(username=f"bench-officer-{i}") for i in range(OFFICERS)]
    User.objects.bulk_create(officers)
    officers = list(User.objects.filter(username__startswith="bench-officer-"))
    provinces = list(Province.objects.filter(country_id="DZ", code__lte="58").values_list("pk", flat=True))

    started = time.perf_counter()
    batch = 20_000
    for offset in range(0, dossiers, batch):
        rows = []
        for index in range(offset, min(dossiers, offset + batch)):
            rows.append(
                Dossier(
                    reference=f"BF-{index + 1:07d}",
                    title=f"Projet {index + 1}",
                    programme=programmes[index % PROGRAMMES],
                    organization=agency,
                    province_id=rng.choice(provinces),
                    state=DossierState.FINANCED,
                    investment=Decimal("3000000.00"),
                )
            )
        Dossier.objects.bulk_create(rows, batch_size=5000)
    dossier_rows = Dossier.objects.filter(organization=agency).values_list("pk", "programme_id")
    programme_formula = {p.pk: f for p, f in zip(programmes, formulas, strict=True)}
    plans = [
        FinancingPlan(
            dossier_id=pk,
            formula=programme_formula[programme_id],
            currency="DZD",
            investment=Decimal("3000000.00"),
            state="approved",
            officer=officers[pk % OFFICERS],
            approved_on=datetime.date(2021, 12, 1),
        )
        for pk, programme_id in dossier_rows.iterator(chunk_size=10_000)
    ]
    FinancingPlan.objects.bulk_create(plans, batch_size=5000)
    del plans
    log(f"dossiers and plans: {time.perf_counter() - started:.1f} s")

    bank_ids = "ARRAY[" + ",".join(str(b.pk) for b in banks) + "]"
    with connection.cursor() as cursor:
        step = time.perf_counter()
        # Three repaid lines per plan: the agency's loan (no interest), a bank loan whose
        # interest the state pays, a bank loan whose interest the holder pays. Amounts are
        # multiples of 60 × 100 so each instalment is a whole number of dinars.
        cursor.execute(
            f"""
            INSERT INTO financing_planline (repaid, term_months, grace_months, interest_rate,
                interest_borne_by, frequency, plan_id, part_id, position, kind, funder_id, amount,
                deviation, decision, submitted_on, decided_on, approved_amount, conditions,
                refusal_reason, disbursed_amount, version)
            SELECT true, 60, 0, CASE k WHEN 1 THEN 0 ELSE 5.5 END,
                CASE k WHEN 2 THEN 'subsidy' ELSE 'holder' END, 'monthly', p.id, NULL, k,
                CASE k WHEN 1 THEN 'agency_loan' ELSE 'bank_loan' END,
                CASE k WHEN 1 THEN {agency.pk} ELSE ({bank_ids})[1 + (p.id * 7 + k) % {BANKS}] END,
                a.amount, '', 'approved', DATE '2021-11-01', DATE '2021-12-01', a.amount, '', '',
                a.amount, 1
            FROM financing_financingplan p
            CROSS JOIN generate_series(1, 3) AS k
            CROSS JOIN LATERAL (SELECT (6000 * (20 + (p.id * 31 + k * 17) % 180))::numeric(14, 2)
                AS amount) a
            """
        )
        # One active schedule per line; first due dates spread over 59 months.
        cursor.execute(
            """
            INSERT INTO financing_repaymentschedule (repaid, term_months, grace_months,
                interest_rate, interest_borne_by, frequency, line_id, number, state, currency,
                principal, first_due, supersedes_id, reason, outstanding_principal,
                first_unpaid_due, created_by_id, created_at, version)
            SELECT true, 60, 0, l.interest_rate, l.interest_borne_by, 'monthly', l.id, 1, 'active',
                'DZD', l.amount, (DATE '2022-01-01' + ((l.plan_id % 59) * INTERVAL '1 month'))::date,
                NULL, '', l.amount, NULL, NULL, now(), 1
            FROM financing_planline l
            """
        )
        log(f"lines and schedules: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        # Sixty instalments each. Paid up to the benchmark date but for 20 % of schedules,
        # 1, 2, 4 or 8 months behind (a whole instalment unpaid, or half of it).
        cursor.execute(
            f"""
            INSERT INTO financing_instalment (schedule_id, number, due_on, principal, interest,
                subsidised_interest, paid_principal, paid_interest, settled_on)
            SELECT s.id, n, d.due_on, s.principal / 60,
                CASE WHEN s.interest_borne_by = 'holder' THEN round(s.principal * 0.0055 / 12, 2) ELSE 0 END,
                CASE WHEN s.interest_borne_by = 'subsidy' THEN round(s.principal * 0.0055 / 12, 2) ELSE 0 END,
                CASE WHEN d.due_on < pay.until THEN s.principal / 60 ELSE 0 END,
                CASE WHEN d.due_on < pay.until AND s.interest_borne_by = 'holder'
                    THEN round(s.principal * 0.0055 / 12, 2) ELSE 0 END,
                CASE WHEN d.due_on < pay.until THEN d.due_on END
            FROM financing_repaymentschedule s
            CROSS JOIN LATERAL (SELECT (DATE '{AS_OF.isoformat()}' - (CASE
                WHEN (s.id * 7919) % 100 < 80 THEN 0 WHEN (s.id * 7919) % 100 < 88 THEN 1
                WHEN (s.id * 7919) % 100 < 93 THEN 2 WHEN (s.id * 7919) % 100 < 97 THEN 4
                ELSE 8 END) * INTERVAL '1 month')::date AS until) pay
            CROSS JOIN generate_series(1, {INSTALMENTS}) AS n
            CROSS JOIN LATERAL (SELECT (s.first_due + (n - 1) * INTERVAL '1 month')::date AS due_on) d
            """
        )
        log(f"instalments ({cursor.rowcount:,} rows): {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        # What the payment service keeps on each schedule.
        cursor.execute(
            """
            UPDATE financing_repaymentschedule s
            SET outstanding_principal = s.principal - agg.paid, first_unpaid_due = agg.unpaid
            FROM (SELECT schedule_id, sum(paid_principal) AS paid,
                         min(due_on) FILTER (WHERE paid_principal + paid_interest < principal + interest) AS unpaid
                  FROM financing_instalment GROUP BY schedule_id) agg
            WHERE agg.schedule_id = s.id
            """
        )
        log(f"schedule totals: {time.perf_counter() - step:.1f} s")
    step = time.perf_counter()
    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE")
    log(f"vacuum analyze: {time.perf_counter() - step:.1f} s")
    from rowad.financing.models import Instalment, RepaymentSchedule

    return {
        "dossiers": dossiers,
        "schedules": RepaymentSchedule.objects.count(),
        "instalments": Instalment.objects.count(),
        "load_s": time.perf_counter() - started,
    }


def median_ms(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def set_based(as_of: datetime.date) -> dict:
    """The report the pages show: PAR by the four groupings, and the caseload's first page
    with its count (days and amount late)."""
    from rowad.financing import portfolio
    from rowad.financing.models import RepaymentSchedule

    schedules = RepaymentSchedule.objects.all()
    result = {by: portfolio.portfolio_at_risk(schedules, as_of=as_of, by=by) for by in GROUPINGS}
    late = portfolio.late_schedules(schedules, as_of=as_of)
    result["late_count"] = late.count()
    result["caseload_page"] = [
        (s.pk, s.days_late, s.amount_late) for s in late.order_by("first_unpaid_due", "pk")[:50]
    ]
    return result


def naive(as_of: datetime.date) -> dict:
    """The same figures as a plain Django loop would compute them: every active schedule,
    then its instalments, in Python."""
    from rowad.financing.enums import ScheduleState
    from rowad.financing.models import RepaymentSchedule

    keys = {
        "programme": lambda s: s.line.plan.dossier.programme_id,
        "funder": lambda s: s.line.funder_id,
        "province": lambda s: s.line.plan.dossier.province_id,
        "officer": lambda s: s.line.plan.officer_id,
    }
    zero = Decimal("0.00")
    groups = {by: defaultdict(lambda: [zero, zero, zero, 0]) for by in GROUPINGS}
    late = []
    schedules = (
        RepaymentSchedule.objects.filter(state=ScheduleState.ACTIVE)
        .select_related("line__plan__dossier")
        .prefetch_related("instalments")
        .order_by("pk")
    )
    for schedule in schedules.iterator(chunk_size=2000):
        outstanding = zero
        first_unpaid = None
        amount_late = zero
        for instalment in schedule.instalments.all():
            outstanding += instalment.principal - instalment.paid_principal
            remaining = (
                instalment.principal
                + instalment.interest
                - instalment.paid_principal
                - instalment.paid_interest
            )
            if remaining > 0 and first_unpaid is None:
                first_unpaid = instalment.due_on
            if instalment.due_on < as_of:
                amount_late += remaining
        days = (as_of - first_unpaid).days if first_unpaid and first_unpaid < as_of else 0
        if days > 0:
            late.append((first_unpaid, schedule.pk, days, amount_late))
        for by, key in keys.items():
            row = groups[by][key(schedule)]
            row[0] += outstanding
            if days > 30:
                row[1] += outstanding
            if days > 90:
                row[2] += outstanding
            row[3] += days > 0
    late.sort()
    return {
        **{by: dict(rows) for by, rows in groups.items()},
        "late_count": len(late),
        "caseload_page": [(pk, days, amount) for _due, pk, days, amount in late[:50]],
    }


def same_figures(fast: dict, slow: dict) -> bool:
    for by in GROUPINGS:
        mine = {r["key"]: [r["outstanding"], r["par30"], r["par90"], r["late_count"]] for r in fast[by]}
        if mine != {k: list(v) for k, v in slow[by].items()}:
            return False
    return fast["late_count"] == slow["late_count"] and fast["caseload_page"] == slow["caseload_page"]


def calendar(dossier_ids: list[int], repeat: int) -> float:
    """The holder's calendar: every instalment of one dossier, in date order."""
    from rowad.financing.models import Instalment

    times = []
    for _ in range(repeat):
        for dossier_id in dossier_ids:
            started = time.perf_counter()
            rows = list(
                Instalment.objects.filter(schedule__line__plan__dossier_id=dossier_id)
                .select_related("schedule__line__funder")
                .order_by("due_on", "schedule_id", "number")
            )
            times.append((time.perf_counter() - started) * 1000)
            assert len(rows) == 3 * INSTALMENTS, len(rows)
    return statistics.median(times)


def generate_schedules_case() -> str:
    """Generating the schedules of 10,000 lines through the service, when it exists."""
    try:
        spec = importlib.util.find_spec("rowad.financing.services.schedules")
    except ModuleNotFoundError:
        spec = None
    if spec is None:
        return "not measured (rowad.financing.services.schedules is not in this tree)"
    module = importlib.import_module("rowad.financing.services.schedules")
    if not hasattr(module, "generate_schedules"):
        return "not measured (no generate_schedules in rowad.financing.services.schedules)"
    from django.db import transaction

    from rowad.accounts.models import User
    from rowad.financing.models import PlanLine, RepaymentSchedule

    actor = User.objects.filter(username="bench-officer-0").first()
    lines = PlanLine.objects.filter(repaid=True).order_by("pk")[:10_000]
    ids = list(lines.values_list("pk", flat=True))
    with transaction.atomic():
        # Make room: these lines get their first schedule from the service.
        RepaymentSchedule.objects.filter(line_id__in=ids).delete()
        started = time.perf_counter()
        count = module.generate_schedules(
            PlanLine.objects.filter(pk__in=ids), first_due=datetime.date(2027, 1, 1), actor=actor
        )
        elapsed = time.perf_counter() - started
        transaction.set_rollback(True)
    return f"{elapsed:.1f} s for {count:,} schedules (10,000 lines)"


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks financing")
    parser.add_argument("--dossiers", type=int, default=int(os.environ.get("BENCH_FIN_DOSSIERS", 10_000)))
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 5)))
    parser.add_argument("--reuse", action="store_true", help="keep the database a previous run loaded")
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("BENCH_FIN_DATABASE_URL", DEFAULT_URL)
    if not args.reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}")
    print(f"date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}")
    if args.reuse:
        from rowad.financing.models import Instalment, RepaymentSchedule

        built = {"dossiers": args.dossiers, "schedules": RepaymentSchedule.objects.count(),
                 "instalments": Instalment.objects.count(), "load_s": 0.0}  # fmt: skip
    else:
        step = time.perf_counter()
        call_command("migrate", verbosity=0)
        log(f"migrate: {time.perf_counter() - step:.1f} s")
        built = load(args.dossiers)
    print(
        f"data: {built['dossiers']:,} dossiers, {built['schedules']:,} schedules, "
        f"{built['instalments']:,} instalments (loaded in {built['load_s']:.0f} s)"
    )

    from rowad.financing import portfolio
    from rowad.financing.models import RepaymentSchedule

    schedules = RepaymentSchedule.objects.all()
    print(f"(a) set-based, as of {AS_OF}, median of {args.repeat}:")
    total_fast = 0.0
    for by in GROUPINGS:
        ms, rows = median_ms(
            lambda by=by: portfolio.portfolio_at_risk(schedules, as_of=AS_OF, by=by), args.repeat
        )
        total_fast += ms
        print(f"    PAR30/90 by {by:<9} {ms:9.1f} ms  ({len(rows)} rows)")
    late = portfolio.late_schedules(schedules, as_of=AS_OF)
    ms, count = median_ms(late.count, args.repeat)
    total_fast += ms
    print(f"    caseload count      {ms:9.1f} ms  ({count:,} schedules late)")
    ms, _page = median_ms(lambda: list(late.order_by("first_unpaid_due", "pk")[:50]), args.repeat)
    total_fast += ms
    print(f"    caseload first page {ms:9.1f} ms  (days and amount late of 50)")
    print(f"    whole report        {total_fast:9.1f} ms")

    limit = int(os.environ.get("BENCH_NAIVE_LIMIT", "0"))
    if limit and built["schedules"] > limit:
        print(f"(b) naive: skipped ({built['schedules']:,} schedules > BENCH_NAIVE_LIMIT)")
    else:
        fast = set_based(AS_OF)
        started = time.perf_counter()
        slow = naive(AS_OF)
        naive_ms = (time.perf_counter() - started) * 1000
        print(f"(b) naive ORM loop (schedules, then instalments in Python): {naive_ms:,.0f} ms (one run)")
        print(f"    same figures as set-based: {same_figures(fast, slow)}")
        print(f"    ratio naive / set-based: {naive_ms / total_fast:,.0f}x")
    print(f"(c) generate_schedules: {generate_schedules_case()}")
    rng = random.Random(5)
    from rowad.financing.models import FinancingPlan

    ids = list(FinancingPlan.objects.values_list("dossier_id", flat=True)[:5000])
    sample = rng.sample(ids, min(50, len(ids)))
    print(f"(d) holder's calendar (180 instalments of one dossier): median {calendar(sample, 3):.1f} ms")


if __name__ == "__main__":
    main()
