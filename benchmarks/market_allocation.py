"""Market allocation and gap at the issue's size, on SQLite and PostgreSQL: 1,000 open work
orders allocated among 5,000 enterprises by `services.allocate_open_orders()` (the batch
the background task runs: facts loaded once, every order offered with its candidates and
explanations, its audit entry and its notification), then the gap figures
(`rowad.market.gap.gap_figures`) and the whole figures page (`figures.compute`) — against
what a user would otherwise do, in the same run:

- allocation: one order at a time, as `allocate_order` reads (eligibility.explain: the
  facts of the order's candidates loaded per order) — read only, on the first
  BENCH_MARKET_NAIVE orders (default 200), extrapolated to all of them;
- gap: export the orders, enterprises, served provinces, owners and passed courses as CSV
  files and compute the same cells with pandas (checked equal, cell by cell).

    python -m benchmarks market_allocation              # both backends
    python -m benchmarks market_allocation --worker postgresql

Environment: BENCH_MARKET_ENTERPRISES (5000), BENCH_MARKET_ORDERS (1000), BENCH_MARKET_NAIVE
(200), BENCH_REPEAT (5), BENCH_MARKET_PG_URL (postgres://postgres@127.0.0.1:5432/bench_market,
dropped and recreated); SQLite: a fresh file in a temporary folder. BENCH_MARKET_PROFILE=1
prints the allocation's cProfile (top 25 by cumulative time).

Synthetic data (random.Random(15)), written with bulk_create, NOT through the services:
one programme (an agency operating it, a telecom sponsor), three specialties with one
course each; 5,000 enterprises over 40 of Algeria's first 48 wilayas with a Zipf-like
spread (the eight others have none: their orders are unfilled), 92 % operating, 4 %
suspended, 4 % closed; each with a manager (20 % a second owner); 85 % of managers passed
the course of their enterprise's specialty, 10 % a second one; 60 % declared means (1–6
people, capacity 1–3, 0–3 pieces of equipment; a third of them serve 1–2 other
provinces). Orders: 90 % rotation, 10 % score grid, spread like the enterprises (5 % in the
provinces with none), 20 % requiring a piece of equipment, 0–2 extra people, 200,000 to
2,000,000 DZD, starting in the next 60 days."""

from __future__ import annotations

import cProfile
import csv
import datetime
import json
import os
import platform
import pstats
import random
import statistics
import subprocess
import sys
import tempfile
import time
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/bench_market"
PROVINCES_WITH_ENTERPRISES = 40


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def load(enterprises: int, orders: int) -> dict:
    """Write the synthetic world (module docstring)."""
    from django.utils import timezone

    from rowad.core.models import Province
    from rowad.dossiers.enums import DossierState
    from rowad.dossiers.models import Dossier
    from rowad.enterprises.enums import EnterpriseStatus, LegalForm, MemberRole
    from rowad.enterprises.models import Enterprise, EnterpriseMember
    from rowad.market.enums import AllocationMethod, OrderStatus, WorkUnit
    from rowad.market.models import EnterpriseMeans, Equipment, WorkOrder
    from rowad.partners.enums import OrganizationKind
    from rowad.partners.models import Organization, Programme, Specialty
    from rowad.people.models import Person
    from rowad.training.enums import TrainingResult
    from rowad.training.models import Cohort, Enrolment
    from tests.training.factories import CohortFactory, CourseFactory

    rng = random.Random(15)
    today = timezone.localdate()
    agency = Organization.objects.create(kind=OrganizationKind.AGENCY, country="DZ", name_fr="ANADE (bench)")
    sponsor = Organization.objects.create(
        kind=OrganizationKind.SPONSOR, country="DZ", name_fr="Opérateur (bench)"
    )
    programme = Programme.objects.create(code="bench-market", name_fr="Caravane (bench)", operator=agency)
    specialties = [
        Specialty.objects.create(code=f"bench-{c}", name_fr=n, name_ar=n)
        for c, n in (("fiber", "Fibre optique"), ("radio", "Réseau hertzien"), ("civil", "Génie civil"))
    ]
    courses = [CourseFactory(programme=programme, specialty=s, provider=agency) for s in specialties]
    equipment = [
        Equipment.objects.create(code=f"bench-{c}", name_fr=c, name_ar=c)
        for c in ("splicer", "otdr", "trencher")
    ]
    provinces = list(Province.objects.filter(country_id="DZ").order_by("code"))[:48]
    rng.shuffle(provinces)
    served_places = provinces[:PROVINCES_WITH_ENTERPRISES]
    empty_places = provinces[PROVINCES_WITH_ENTERPRISES:]
    weights = [1 / (rank + 1) ** 0.8 for rank in range(len(served_places))]
    cohorts = {
        (course.pk, p.pk): CohortFactory.build(course=course, province=p, reference=f"BC-{course.pk}-{p.pk}")
        for course in courses
        for p in served_places
    }
    Cohort.objects.bulk_create(cohorts.values())
    cohorts = {(c.course_id, c.province_id): c for c in Cohort.objects.filter(reference__startswith="BC-")}

    started = time.perf_counter()
    places = rng.choices(served_places, weights=weights, k=enterprises)
    kinds = [rng.randrange(len(specialties)) for _ in range(enterprises)]
    people = Person.objects.bulk_create(
        [
            Person(
                given_name_ar="محمد",
                family_name_ar=f"بن {i}",
                given_name_latin="Mohamed",
                family_name_latin=f"Ben {i}",
                country="DZ",
                sex="M" if i % 3 else "F",
                birth_date=datetime.date(1995, 1, 1) + datetime.timedelta(days=i % 3000),
                province=places[i % enterprises],
                organization=agency,
                national_id="",
            )
            for i in range(int(enterprises * 1.2))
        ],
        batch_size=2000,
    )
    dossiers = Dossier.objects.bulk_create(
        [
            Dossier(
                reference=f"BM-{i + 1:06d}",
                title=f"Projet {i + 1}",
                programme=programme,
                organization=agency,
                province=places[i],
                specialty=specialties[kinds[i]],
                state=DossierState.COMPANY_CREATED,
                investment=Decimal("2500000.00"),
            )
            for i in range(enterprises)
        ],
        batch_size=2000,
    )
    draw = [rng.random() for _ in range(enterprises)]
    rows = Enterprise.objects.bulk_create(
        [
            Enterprise(
                dossier=dossiers[i],
                reference=f"ENT-BM-{i + 1:06d}",
                legal_form=LegalForm.MICRO_ENTERPRISE,
                country="DZ",
                name_ar=f"مؤسسة {i + 1}",
                name_latin=f"Entreprise {i + 1}",
                activity="Réseaux",
                programme=programme,
                organization=agency,
                specialty=specialties[kinds[i]],
                province=places[i],
                created_on=today - datetime.timedelta(days=30 + i % 900),
                status=EnterpriseStatus.OPERATING
                if draw[i] < 0.92
                else (EnterpriseStatus.SUSPENDED if draw[i] < 0.96 else EnterpriseStatus.CLOSED),
            )
            for i in range(enterprises)
        ],
        batch_size=2000,
    )
    members, enrolments, extra = [], [], enterprises
    for i, enterprise in enumerate(rows):
        owners = [people[i]]
        if rng.random() < 0.2 and extra < len(people):
            owners.append(people[extra])
            extra += 1
        for position, person in enumerate(owners):
            members.append(
                EnterpriseMember(
                    enterprise=enterprise,
                    person=person,
                    role=MemberRole.MANAGER if position == 0 else MemberRole.ASSOCIATE,
                    joined_on=enterprise.created_on,
                )
            )
        passed = [kinds[i]] if rng.random() < 0.85 else []
        if rng.random() < 0.10:
            passed.append((kinds[i] + 1) % len(specialties))
        for kind in passed:
            enrolments.append(
                Enrolment(
                    cohort=cohorts[(courses[kind].pk, places[i].pk)],
                    person=people[i],
                    result=TrainingResult.PASSED,
                    enrolled_at=timezone.now(),
                )
            )
    EnterpriseMember.objects.bulk_create(members, batch_size=2000)
    Enrolment.objects.bulk_create(enrolments, batch_size=2000)
    means = []
    for enterprise in rows:
        if rng.random() < 0.6:
            means.append(
                EnterpriseMeans(
                    enterprise=enterprise,
                    workers=rng.randint(1, 6),
                    max_concurrent_orders=rng.randint(1, 3),
                    declared_on=today,
                )
            )
    means = EnterpriseMeans.objects.bulk_create(means, batch_size=2000)
    through_equipment = EnterpriseMeans.equipment.through
    through_served = EnterpriseMeans.served_provinces.through
    links, served = [], []
    for row in means:
        for piece in rng.sample(equipment, rng.randint(0, 3)):
            links.append(through_equipment(enterprisemeans_id=row.pk, equipment_id=piece.pk))
        if rng.random() < 1 / 3:
            for p in rng.sample(served_places, rng.randint(1, 2)):
                served.append(through_served(enterprisemeans_id=row.pk, province_id=p.pk))
    through_equipment.objects.bulk_create(links, batch_size=2000, ignore_conflicts=True)
    through_served.objects.bulk_create(served, batch_size=2000, ignore_conflicts=True)
    order_rows, needs = [], []
    for i in range(orders):
        place = rng.choice(empty_places) if rng.random() < 0.05 else rng.choices(served_places, weights)[0]
        starts = today + datetime.timedelta(days=rng.randint(1, 60))
        order_rows.append(
            WorkOrder(
                reference=f"WO-DZ-BENCH-{i + 1:06d}",
                sponsor=sponsor,
                programme=programme,
                title=f"Lot {i + 1}",
                specialty=rng.choice(specialties),
                province=place,
                quantity=Decimal(rng.randint(100, 5000)),
                unit=WorkUnit.METRE,
                estimated_amount=Decimal(rng.randint(200, 2000) * 1000),
                currency="DZD",
                starts_on=starts,
                ends_on=starts + datetime.timedelta(days=60),
                min_workers=1 + rng.choice((0, 0, 0, 1, 2)),
                method=AllocationMethod.SCORE if rng.random() < 0.1 else AllocationMethod.ROTATION,
                status=OrderStatus.OPEN,
            )
        )
        needs.append(rng.choice(equipment) if rng.random() < 0.2 else None)
    order_rows = WorkOrder.objects.bulk_create(order_rows, batch_size=1000)
    WorkOrder.required_equipment.through.objects.bulk_create(
        [
            WorkOrder.required_equipment.through(workorder_id=o.pk, equipment_id=piece.pk)
            for o, piece in zip(order_rows, needs, strict=True)
            if piece is not None
        ]
    )
    return {
        "load_s": time.perf_counter() - started,
        "people": len(people),
        "members": len(members),
        "passed": len(enrolments),
        "means": len(means),
    }


def median_ms(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def naive_allocation(orders: list) -> float:
    """Seconds to read and choose per order, as allocate_order does one order at a time."""
    from django.utils import timezone

    from rowad.market import allocation as rules
    from rowad.market.eligibility import explain

    as_of, now = timezone.localdate(), timezone.now()
    started = time.perf_counter()
    for order in orders:
        rows = explain(order, as_of=as_of, now=now)
        rules.choose_by_rotation([r["facts"] for r in rows if r["eligible"]])
    return time.perf_counter() - started


def pandas_gap(folder: Path, as_of: datetime.date) -> tuple[float, dict]:
    """Export five CSV files and compute the gap cells with pandas (orders, certified)."""
    import pandas as pd

    from rowad.enterprises.models import Enterprise, EnterpriseMember
    from rowad.market.models import EnterpriseMeans, WorkOrder
    from rowad.training.models import Enrolment

    started = time.perf_counter()
    exports = {
        "orders": (
            WorkOrder.objects.values_list(
                "pk", "province_id", "specialty_id", "programme_id", "status", "starts_on"
            ),
            ["id", "province", "specialty", "programme", "status", "starts_on"],
        ),
        "enterprises": (
            Enterprise.objects.values_list("pk", "province_id", "programme_id", "status"),
            ["id", "province", "programme", "status"],
        ),
        "served": (
            EnterpriseMeans.served_provinces.through.objects.values_list(
                "enterprisemeans__enterprise_id", "province_id"
            ),
            ["enterprise", "province"],
        ),
        "members": (
            EnterpriseMember.objects.filter(left_on__isnull=True).values_list("enterprise_id", "person_id"),
            ["enterprise", "person"],
        ),
        "passed": (
            Enrolment.objects.filter(result="passed").values_list(
                "person_id", "cohort__course__specialty_id"
            ),
            ["person", "specialty"],
        ),
    }
    for name, (rows, header) in exports.items():
        with open(folder / f"{name}.csv", "w", newline="", encoding="utf-8") as handle:
            writer = csv.writer(handle)
            writer.writerow(header)
            writer.writerows(rows)
    frames = {name: pd.read_csv(folder / f"{name}.csv") for name in exports}
    orders = frames["orders"]
    since = (as_of - datetime.timedelta(days=365)).isoformat()
    orders = orders[(orders.status != "cancelled") & (orders.starts_on >= since)]
    demand = orders.groupby(["province", "specialty", "programme"]).size().rename("orders").reset_index()
    ent = frames["enterprises"]
    ent = ent[ent.status == "operating"]
    home = ent[["id", "province", "programme"]].rename(columns={"id": "enterprise"})
    away = frames["served"].merge(ent[["id", "programme"]], left_on="enterprise", right_on="id")[
        ["enterprise", "province", "programme"]
    ]
    where = pd.concat([home, away]).drop_duplicates()
    skills = (
        frames["members"].merge(frames["passed"], on="person")[["enterprise", "specialty"]].drop_duplicates()
    )
    supply = where.merge(skills, on="enterprise")
    cells = demand.merge(supply, on=["province", "specialty", "programme"], how="left")
    counted = cells.groupby(["province", "specialty"]).agg(
        certified=("enterprise", "nunique"),
    )
    orders_per_cell = demand.groupby(["province", "specialty"])["orders"].sum()
    result = {key: (int(orders_per_cell[key]), int(row.certified)) for key, row in counted.iterrows()}
    return time.perf_counter() - started, result


def worker(backend: str) -> None:
    n_enterprises = int(os.environ.get("BENCH_MARKET_ENTERPRISES", "5000"))
    n_orders = int(os.environ.get("BENCH_MARKET_ORDERS", "1000"))
    n_naive = int(os.environ.get("BENCH_MARKET_NAIVE", "200"))
    repeat = int(os.environ.get("BENCH_REPEAT", "5"))
    folder = Path(tempfile.mkdtemp(prefix="rowad-bench-market-"))
    if backend == "postgresql":
        url = os.environ.get("BENCH_MARKET_PG_URL", DEFAULT_PG)
        name = url.rsplit("/", 1)[1]
        admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", "postgres", "-c"]
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    else:
        url = f"sqlite:///{folder / 'bench.sqlite3'}"
    step = time.perf_counter()
    _setup(url)
    from django.db import connection
    from django.utils import timezone

    from rowad.market import figures, services
    from rowad.market.gap import gap_figures
    from rowad.market.models import Allocation, WorkOrder

    results: dict = {"backend": backend, "migrate_s": time.perf_counter() - step}
    results.update(load(n_enterprises, n_orders))
    if backend == "postgresql":
        with connection.cursor() as cursor:
            cursor.execute("VACUUM ANALYZE")
    as_of = timezone.localdate()
    orders = list(WorkOrder.objects.order_by("starts_on", "pk"))
    naive_s = naive_allocation(orders[:n_naive])
    results["naive_s"] = naive_s
    results["naive_orders"] = min(n_naive, len(orders))
    profile = cProfile.Profile() if os.environ.get("BENCH_MARKET_PROFILE") else None
    started = time.perf_counter()
    if profile:
        profile.enable()
    counts = services.allocate_open_orders()
    if profile:
        profile.disable()
    results["allocation_s"] = time.perf_counter() - started
    results["counts"] = counts
    results["allocations"] = Allocation.objects.count()
    if profile:
        pstats.Stats(profile, stream=sys.stderr).sort_stats("cumulative").print_stats(25)
    everything = WorkOrder.objects.all()
    results["gap_ms"], gap = median_ms(lambda: gap_figures(everything, as_of=as_of), repeat)
    results["page_ms"], _page = median_ms(lambda: figures.compute(everything, as_of=as_of), repeat)
    results["gap_cells"] = len(gap.rows)
    results["uncovered_cells"] = sum(1 for r in gap.rows if r["uncovered"])
    pandas_s, theirs = pandas_gap(folder, as_of)
    results["pandas_s"] = pandas_s
    mine = {(r["province"], r["specialty"]): (r["orders"], r["certified"]) for r in gap.rows}
    results["same_gap"] = mine == theirs
    print("RESULT " + json.dumps(results), flush=True)


def main() -> None:
    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}")
    print(f"date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC")
    backends = [a for a in sys.argv[2:] if a in ("sqlite", "postgresql")] or ["sqlite", "postgresql"]
    for backend in backends:
        load_before = os.getloadavg()
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.market_allocation", "--worker", backend],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(f"{backend}: failed\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
            continue
        if os.environ.get("BENCH_MARKET_PROFILE"):
            print(proc.stderr[-6000:])
        r = json.loads(line[7:])
        naive_all = r["naive_s"] / r["naive_orders"] * len_orders()
        print(
            f"{backend}: migrate {r['migrate_s']:.0f} s, load {r['load_s']:.1f} s ({r['people']:,} people, "
            f"{r['members']:,} owners, {r['passed']:,} passed courses, {r['means']:,} means declared)"
        )
        print(
            f"{backend}: allocate_open_orders {r['allocation_s']:.2f} s {r['counts']} "
            f"({r['allocations']:,} offers with their candidates)"
        )
        print(
            f"{backend}: per order (eligibility.explain) {r['naive_s']:.2f} s for {r['naive_orders']} orders "
            f"-> {naive_all:.1f} s for all, {naive_all / r['allocation_s']:.1f}x the batch"
        )
        print(
            f"{backend}: gap_figures {r['gap_ms']:.0f} ms ({r['gap_cells']} cells, {r['uncovered_cells']} uncovered), "
            f"the whole page {r['page_ms']:.0f} ms; CSV export + pandas {r['pandas_s'] * 1000:.0f} ms "
            f"({r['pandas_s'] * 1000 / r['gap_ms']:.1f}x gap_figures), same cells: {r['same_gap']}"
        )
        print(f"{backend}: load average before {load_before}, after {os.getloadavg()}", flush=True)


def len_orders() -> int:
    return int(os.environ.get("BENCH_MARKET_ORDERS", "1000"))


if __name__ == "__main__":
    if len(sys.argv) > 2 and sys.argv[1] == "--worker":
        worker(sys.argv[2])
    else:
        main()
