"""Enterprise figures at scale on PostgreSQL: cohort survival (Kaplan–Meier), jobs and one
breakdown as `rowad.enterprises.figures` computes them (a few aggregate queries), against
what a user would otherwise do in the same run — export the enterprises and their visits
and compute each enterprise's fate and jobs in Python, like a spreadsheet.

    python -m benchmarks enterprises_figures --enterprises 50000
    make bench                      # every benchmark (BENCH_ENT_ENTERPRISES, default 50000)

Environment: BENCH_ENT_DATABASE_URL (default postgres://postgres@127.0.0.1:5432/bench_ent —
dropped and recreated), BENCH_ENT_ENTERPRISES, BENCH_REPEAT (5). `--reuse` keeps the
loaded database of a previous run; `--migrated` loads into an already migrated one.

The data is written in bulk, NOT through the services (they record one enterprise at a
time with its steps, calendar and audit; the point here is the read side): dossiers with
Django's bulk_create, enterprises and visits with set-based INSERT … SELECT on the server,
then one UPDATE that sets each enterprise's first and last jobs count and last visit as
services.observations.refresh_jobs keeps them, then VACUUM ANALYZE. Enterprises are
created 2019-01-01 … 2026-11-27 over 4 programmes, 48 provinces, 12 specialties and the
five legal forms; 25 % close and 5 % are transferred within four years of creation (when
that date has come), 5 % of the others are suspended. 95 % have 10 or 11 visits (500,000 at
50,000 enterprises), spread from creation to their end or the benchmark date; 5 % have none.
"""

from __future__ import annotations

import argparse
import datetime
import os
import platform
import statistics
import subprocess
import sys
import time
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/bench_ent"
AS_OF = datetime.date(2026, 12, 1)
PROGRAMMES = 4
SPECIALTIES = 12
DIMENSION = "province"
YEARS = (1, 2, 3)


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


def load(count: int) -> dict:
    """Write the synthetic enterprises and visits (see the module docstring)."""
    from django.db import connection

    from rowad.core.models import Province
    from rowad.dossiers.enums import DossierState
    from rowad.dossiers.models import Dossier
    from rowad.partners.models import Organization, Programme, Specialty

    with connection.cursor() as cursor:  # a previous, failed load into the same database
        cursor.execute(
            "DELETE FROM enterprises_visit; DELETE FROM enterprises_enterprise;"
            " DELETE FROM dossiers_dossier WHERE reference LIKE 'BE-%%';"
            " DELETE FROM partners_programme WHERE code LIKE 'bench-%%';"
            " DELETE FROM partners_specialty WHERE code LIKE 'bench-%%';"
            " DELETE FROM partners_organization WHERE name_fr LIKE '%%(bench)'"
        )
    agency = Organization.objects.create(kind="agency", country="DZ", name_fr="ANADE (bench)")
    programmes = [
        Programme.objects.create(code=f"bench-{i}", name_fr=f"Programme {i} (bench)", operator=agency)
        for i in range(PROGRAMMES)
    ]
    specialties = [
        Specialty.objects.create(code=f"bench-{i}", name_fr=f"Spécialité {i}") for i in range(SPECIALTIES)
    ]
    provinces = list(Province.objects.filter(country_id="DZ").order_by("code").values_list("pk", flat=True))[
        :48
    ]

    started = time.perf_counter()
    rows = [
        Dossier(
            reference=f"BE-{index + 1:07d}",
            title=f"Projet {index + 1}",
            programme=programmes[index % PROGRAMMES],
            organization=agency,
            province_id=provinces[(index * 7) % len(provinces)],
            specialty=specialties[(index * 5) % SPECIALTIES],
            state=DossierState.COMPANY_CREATED,
            investment=Decimal("2500000.00"),
        )
        for index in range(count)
    ]
    Dossier.objects.bulk_create(rows, batch_size=5000)
    del rows
    log(f"dossiers: {time.perf_counter() - started:.1f} s")
    forms = "ARRAY['micro_enterprise','auto_entrepreneur','eurl','sarl','cooperative']"
    bands = "ARRAY['under_25','25_29','30_34','35_39','40_plus','unknown']"
    with connection.cursor() as cursor:
        step = time.perf_counter()
        # h: a per-dossier pseudo-random number; the fate is drawn from it.
        cursor.execute(
            f"""
            INSERT INTO enterprises_enterprise (dossier_id, reference, legal_form, country, name_ar,
                name_latin, activity, programme_id, organization_id, specialty_id, province_id,
                address, created_on, status, ended_on, manager_sex, manager_age_band,
                trade_register, tax_id, statistical_id, ice, odco_number, permanent_men,
                permanent_women, seasonal_men, seasonal_women, turnover_band, jobs_observed_on,
                initial_jobs, last_visit_on, version, created_by_id, created_at, updated_at)
            SELECT d.id, 'ENT-B-' || d.id, ({forms})[1 + h.h % 5], 'DZ', 'مؤسسة ' || d.id,
                'Entreprise ' || d.id, 'Activité', d.programme_id, d.organization_id,
                d.specialty_id, d.province_id, '', c.created_on,
                CASE WHEN f.fate < 25 AND f.ended <= DATE '{AS_OF}' THEN 'closed'
                     WHEN f.fate < 30 AND f.ended <= DATE '{AS_OF}' THEN 'transferred'
                     WHEN f.fate >= 95 THEN 'suspended' ELSE 'operating' END,
                CASE WHEN f.fate < 30 AND f.ended <= DATE '{AS_OF}' THEN f.ended END,
                CASE WHEN h.h % 10 < 4 THEN 'F' WHEN h.h % 10 < 9 THEN 'M' ELSE '' END,
                ({bands})[1 + (h.h / 10) % 6], '', '', '', '', '', 0, 0, 0, 0, '', NULL, NULL,
                NULL, 1, NULL, now(), now()
            FROM dossiers_dossier d
            CROSS JOIN LATERAL (SELECT (hashint4(d.id::int) & 2147483647) AS h) h
            CROSS JOIN LATERAL (SELECT (DATE '2019-01-01' + (h.h % 2888))::date AS created_on) c
            CROSS JOIN LATERAL (SELECT (h.h / 7) % 100 AS fate,
                (c.created_on + ((h.h / 701) % 1460))::date AS ended) f
            WHERE d.reference LIKE 'BE-%'
            """
        )
        log(f"enterprises ({cursor.rowcount:,}): {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        # 0 visits for r % 20 = 0, 11 for r % 20 in 1..10, 10 otherwise: 500,000 at 50,000.
        cursor.execute(
            """
            INSERT INTO enterprises_visit (enterprise_id, visited_on, mentor_id, operating,
                difficulties, needs, notes, client_uuid, created_at, permanent_men,
                permanent_women, seasonal_men, seasonal_women, turnover_band)
            SELECT e.id, (e.created_on + (n * e.span) / (e.visits + 1))::date, NULL, true,
                '[]'::jsonb, '[]'::jsonb, '', NULL, now(),
                1 + (hashint4((e.id * 31 + n)::int) & 2147483647) %% 3,
                (hashint4((e.id * 37 + n)::int) & 2147483647) %% 2,
                (hashint4((e.id * 41 + n)::int) & 2147483647) %% 3,
                (hashint4((e.id * 43 + n)::int) & 2147483647) %% 2, 'under_2m'
            FROM (SELECT id, created_on, (coalesce(ended_on, %s) - created_on) AS span,
                    CASE WHEN r %% 20 = 0 THEN 0 WHEN r %% 20 <= 10 THEN 11 ELSE 10 END AS visits
                  FROM (SELECT id, created_on, ended_on, row_number() OVER (ORDER BY id) AS r
                        FROM enterprises_enterprise) ranked) e
            CROSS JOIN LATERAL generate_series(1, e.visits) AS n
            """,
            [AS_OF],
        )
        log(f"visits ({cursor.rowcount:,}): {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        # What refresh_jobs keeps: the first count (jobs created), the last one, the last visit.
        cursor.execute(
            """
            UPDATE enterprises_enterprise e
            SET initial_jobs = first.total, permanent_men = last.permanent_men,
                permanent_women = last.permanent_women, seasonal_men = last.seasonal_men,
                seasonal_women = last.seasonal_women, turnover_band = last.turnover_band,
                jobs_observed_on = last.visited_on, last_visit_on = last.visited_on
            FROM (SELECT DISTINCT ON (enterprise_id) enterprise_id,
                    permanent_men + permanent_women + seasonal_men + seasonal_women AS total
                  FROM enterprises_visit ORDER BY enterprise_id, visited_on, id) first,
                 (SELECT DISTINCT ON (enterprise_id) * FROM enterprises_visit
                  ORDER BY enterprise_id, visited_on DESC, id DESC) last
            WHERE first.enterprise_id = e.id AND last.enterprise_id = e.id
            """
        )
        log(f"jobs kept on the enterprises: {time.perf_counter() - step:.1f} s")
        step = time.perf_counter()
        cursor.execute("VACUUM ANALYZE")
        log(f"vacuum analyze: {time.perf_counter() - step:.1f} s")
    return {"load_s": time.perf_counter() - started}


def median_ms(function, repeat: int) -> tuple[float, object]:
    times, result = [], None
    for _ in range(repeat):
        started = time.perf_counter()
        result = function()
        times.append((time.perf_counter() - started) * 1000)
    return statistics.median(times), result


def set_based(enterprises) -> dict:
    from rowad.enterprises import figures

    return {
        "survival": figures.survival_by_cohort(enterprises, on=AS_OF),
        "jobs": figures.jobs_summary(enterprises, on=AS_OF),
        "breakdown": figures.breakdown(enterprises, DIMENSION, on=AS_OF),
    }


def page(enterprises):
    from rowad.enterprises import figures

    return figures.compute(enterprises, dimension=DIMENSION, on=AS_OF)


def _before_anniversary(day: datetime.date, created: datetime.date, years: int) -> bool:
    return (day.year, day.month, day.day) < (created.year + years, created.month, created.day)


def naive(enterprises) -> dict:
    """The spreadsheet way: export every enterprise and every visit, then per enterprise
    its fate at 1, 2, 3 years and its first and last jobs count, summed by cohort and by
    province, Kaplan–Meier by hand."""
    from rowad.enterprises.definitions import anniversary_cutoff
    from rowad.enterprises.models import Visit

    rows = list(enterprises.order_by().values_list("pk", "created_on", "status", "ended_on", "province_id"))
    visits: dict[int, list] = defaultdict(list)
    for pk, day, visit_pk, *jobs in Visit.objects.filter(enterprise__in=enterprises.values("pk")).values_list(
        "enterprise_id",
        "visited_on",
        "pk",
        "permanent_men",
        "permanent_women",
        "seasonal_men",
        "seasonal_women",
    ):
        visits[pk].append((day, visit_pk, jobs))
    cutoffs = {k: anniversary_cutoff(k, AS_OF) for k in (0, *YEARS)}
    cohorts: dict = defaultdict(lambda: defaultdict(int))
    groups: dict = defaultdict(lambda: defaultdict(int))
    jobs = defaultdict(int)
    for pk, created, status, ended, province in rows:
        alive_now = status in ("operating", "suspended")
        seen = sorted(visits.get(pk, []))
        first = sum(seen[0][2]) if seen else 0
        last = seen[-1][2] if seen and alive_now else [0, 0, 0, 0]
        for bucket in (cohorts[created.year], cohorts["total"]):
            bucket["created"] += 1
        group = groups[province]
        group["enterprises"] += 1
        group["alive_now"] += alive_now
        group["jobs_created"] += first
        group["jobs_kept"] += sum(last)
        jobs["enterprises"] += 1
        jobs["jobs_created"] += first
        jobs["alive_now"] += alive_now
        jobs["jobs_kept"] += sum(last)
        jobs["not_observed"] += not seen
        for name, value in zip(
            ("permanent_men", "permanent_women", "seasonal_men", "seasonal_women"), last, strict=True
        ):
            jobs[f"kept_{name}"] += value
        alive_before = True
        for k in YEARS:
            ended_before = ended is not None and _before_anniversary(ended, created, k)
            alive = created <= cutoffs[k] and not ended_before
            observed = created <= cutoffs[k] or (ended is not None and ended <= AS_OF)
            closed = ended_before and status == "closed"
            for bucket in (cohorts[created.year], cohorts["total"]):
                bucket[f"alive_{k}"] += alive
                bucket[f"observed_{k}"] += observed
                bucket[f"closed_{k}"] += closed
                bucket[f"deaths_{k}"] += closed and alive_before
            group[f"alive_{k}"] += alive
            group[f"observed_{k}"] += observed
            alive_before = alive
    survival = {}
    for key, counts in cohorts.items():
        s, at_risk, values = 1.0, counts["created"], []
        for k in YEARS:
            s = s * (1 - counts[f"deaths_{k}"] / at_risk) if s is not None and at_risk else None
            values.append((counts[f"alive_{k}"], counts[f"observed_{k}"], counts[f"closed_{k}"], s))
            at_risk = counts[f"alive_{k}"]
        survival[key] = (counts["created"], values)
    return {"survival": survival, "jobs": dict(jobs), "breakdown": {k: dict(v) for k, v in groups.items()}}


def same_figures(fast: dict, slow: dict) -> bool:
    from rowad.enterprises.figures import km_rate

    mine = {}
    for row in fast["survival"]:
        key = "total" if row["year"] is None else row["year"]
        values = [(c["alive"].value, c["observed"].value, c["closed"].value, c["km"]) for c in row["by_year"]]
        mine[key] = (row["created"].value, values)
    theirs = {
        key: (created, [(a, o, c, km_rate(s)) for a, o, c, s in values])
        for key, (created, values) in slow["survival"].items()
    }
    if mine != theirs:
        return False
    if {key: cell.value for key, cell in fast["jobs"].items()} != slow["jobs"]:
        return False
    groups = {}
    for row in fast["breakdown"][:-1]:
        counts = {n: row[n].value for n in ("enterprises", "alive_now", "jobs_created", "jobs_kept")}
        for c in row["by_year"]:
            counts[f"alive_{c['years']}"] = c["alive"].value
            counts[f"observed_{c['years']}"] = c["observed"].value
        groups[row["key"]] = counts
    return groups == slow["breakdown"]


def scoped(repeat: int) -> None:
    """(c) The page's figures (compute()) through the scope of a director of the
    agency (every enterprise: its organization's) and of an officer of another agency
    holding one province (that province's enterprises). (d) What the director's figures
    cost when the scope is put on the enterprise's own province and organization (copied
    from the dossier) instead of through the dossiers: a what-if, not the code."""
    from rowad.accounts.enums import Role
    from rowad.accounts.models import Membership, User
    from rowad.accounts.scope import scope_for
    from rowad.enterprises.models import Enterprise
    from rowad.enterprises.queries import MENTORS, READERS, enterprises_visible_to
    from rowad.partners.models import Organization

    agency = Organization.objects.get(name_fr="ANADE (bench)")
    other, _created = Organization.objects.get_or_create(
        kind="agency", country="DZ", name_fr="Antenne (bench)"
    )
    province = Enterprise.objects.order_by("province_id").values_list("province_id", flat=True).first()
    for username, role, organization in (
        ("bench-director", Role.DIRECTOR, agency),
        ("bench-officer", Role.AGENCY_OFFICER, other),
    ):
        user, _created = User.objects.get_or_create(username=username)
        Membership.objects.filter(user=user).exclude(organization=organization).delete()
        membership, _created = Membership.objects.get_or_create(
            user=user, organization=organization, role=role
        )
        membership.provinces.set([province])
        user = User.objects.get(pk=user.pk)
        visible = enterprises_visible_to(user, roles=READERS + MENTORS)
        ms, _result = median_ms(lambda visible=visible: page(visible), repeat)
        print(
            f"(c) the page's figures through a {role} scope ({visible.count():,} enterprises): {ms:9.1f} ms"
        )
    director = User.objects.get(username="bench-director")
    direct = Enterprise.objects.filter(
        scope_for(director).reach_q(*READERS, province="province_id", organization="organization_id")
    )
    ms, _result = median_ms(lambda: page(direct), repeat)
    print(f"(d) what-if, the director's scope on the enterprise's columns ({direct.count():,}): {ms:9.1f} ms")


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks enterprises_figures")
    parser.add_argument(
        "--enterprises", type=int, default=int(os.environ.get("BENCH_ENT_ENTERPRISES", 50_000))
    )
    parser.add_argument("--repeat", type=int, default=int(os.environ.get("BENCH_REPEAT", 5)))
    parser.add_argument("--reuse", action="store_true", help="keep the database a previous run loaded")
    parser.add_argument("--migrated", action="store_true", help="load into an already migrated database")
    args, _unknown = parser.parse_known_args(sys.argv[1:] if argv is None else argv)
    url = os.environ.get("BENCH_ENT_DATABASE_URL", DEFAULT_URL)
    if not args.reuse and not args.migrated:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command

    print(f"machine: {platform.platform()}, {os.cpu_count()} cores, python {platform.python_version()}")
    print(f"date: {datetime.datetime.now(datetime.UTC):%Y-%m-%d %H:%M} UTC, load {os.getloadavg()}")
    load_s = 0.0
    if not args.reuse:
        if not args.migrated:
            step = time.perf_counter()
            call_command("migrate", verbosity=0)
            log(f"migrate: {time.perf_counter() - step:.1f} s")
        load_s = load(args.enterprises)["load_s"]
    from rowad.enterprises import figures
    from rowad.enterprises.models import Enterprise, Visit

    enterprises = Enterprise.objects.all()
    print(
        f"data: {enterprises.count():,} enterprises, {Visit.objects.count():,} visits "
        f"(loaded in {load_s:.0f} s), as of {AS_OF}"
    )
    print(f"(a) rowad.enterprises.figures, median of {args.repeat}:")
    total_fast = 0.0
    for label, function in (
        ("survival_by_cohort", lambda: figures.survival_by_cohort(enterprises, on=AS_OF)),
        ("jobs_summary", lambda: figures.jobs_summary(enterprises, on=AS_OF)),
        (f"breakdown by {DIMENSION}", lambda: figures.breakdown(enterprises, DIMENSION, on=AS_OF)),
    ):
        ms, result = median_ms(function, args.repeat)
        total_fast += ms
        print(f"    {label:<22} {ms:9.1f} ms  ({len(result)} rows)")
    print(f"    all three              {total_fast:9.1f} ms")
    page_ms, together = median_ms(
        lambda: figures.compute(enterprises, dimension=DIMENSION, on=AS_OF), args.repeat
    )
    print(
        f"    the page's compute()   {page_ms:9.1f} ms  (the three from one query grouped by cohort and {DIMENSION})"
    )
    fast = set_based(enterprises)
    started = time.perf_counter()
    slow = naive(enterprises)
    naive_ms = (time.perf_counter() - started) * 1000
    print(f"(b) export and compute per enterprise in Python: {naive_ms:,.0f} ms (one run)")
    print(
        f"    same figures as (a): {same_figures(fast, slow)}; as compute(): {same_figures(vars(together), slow)}"
    )
    print(f"    ratio (b) / (a): {naive_ms / total_fast:,.1f}x; (b) / compute(): {naive_ms / page_ms:,.1f}x")
    scoped(args.repeat)
    for row in fast["survival"]:
        print(
            "    " + str(row["year"] or "total"), row["created"].value, [str(c["km"]) for c in row["by_year"]]
        )


if __name__ == "__main__":
    main()
