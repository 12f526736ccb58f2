"""People registry at 1,000,000 people on PostgreSQL: the person list filtered by province
and the cross-script name search, timed at the server with Django's test client.

    make bench            # all benchmarks
    .venv/bin/python -m benchmarks people_registry
Environment: BENCH_PEOPLE (default 1000000), BENCH_DATABASE_URL (default
postgres://postgres@127.0.0.1:5432/rowad_bench — dropped and recreated), BENCH_REPEAT (30),
BENCH_REUSE=1 (keep the database a previous run loaded with the same number of people).

Baseline in the same run: the search a plain Django list would do (icontains over the four
name fields, as the admin's search_fields does), on the same data: its time and how many of
the cross-script matches it finds.
"""

from __future__ import annotations

import io
import os
import random
import statistics
import subprocess
import sys
import time
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rowad.people.names import FAMILY as DEMO_FAMILY  # noqa: E402
from rowad.people.names import GIVEN_FEMALE, GIVEN_MALE  # noqa: E402

DEFAULT_URL = "postgres://postgres@127.0.0.1:5432/rowad_bench"

# The demo's names (Arabic / Latin pairs), plus the usual spelling variants.
GIVEN = [*GIVEN_MALE, *GIVEN_FEMALE, ("محمد", "Mohammed"), ("بلقاسم", "Belkacem"), ("جمال", "Djamel")]
FAMILY = [*DEMO_FAMILY, ("بن علي", "Ben Ali"), ("عبد الله", "Abdellah"), ("بن عمر", "Benamar")]


def setup_django(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    sys.path.insert(0, str(ROOT))
    import django

    django.setup()


def recreate_database(url: str) -> None:
    name = url.rsplit("/", 1)[1]
    admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", "postgres", "-c"]
    subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
    subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)


def generate(count: int, seed: int = 7):
    """Yield person tuples: names in one or both scripts, like field registrations."""
    from rowad.core.models import Province

    rng = random.Random(seed)
    provinces = list(Province.objects.filter(country_id="DZ", code__lte="58").values_list("pk", flat=True))
    start = date(1985, 1, 1)
    for index in range(count):
        given_ar, given_latin = rng.choice(GIVEN)
        family_ar, family_latin = rng.choice(FAMILY)
        script = rng.random()
        if script < 0.3:
            given_latin = family_latin = ""
        elif script > 0.8:
            given_ar = family_ar = ""
        yield (
            index + 1,
            given_ar,
            family_ar,
            given_latin,
            family_latin,
            f"{rng.randint(1, 2)}{index:017d}",
            (start + timedelta(days=rng.randint(0, 20 * 365))).isoformat(),
            rng.choice("MF"),
            f"+2135{rng.randint(50_000_000, 59_999_999)}",
            rng.choice(provinces),
        )


def load_people(count: int) -> float:
    """COPY the people and their name keys (the registry's bulk path writes the same)."""
    from django.db import connection

    from rowad.core.text import name_keys, normalize_text

    started = time.perf_counter()
    person_buffer, key_buffer = io.StringIO(), io.StringIO()
    for pid, gar, far, glat, flat, nin, birth, sex, phone, province in generate(count):
        sort = normalize_text(f"{flat} {glat}".strip() or f"{far} {gar}".strip())
        person_buffer.write(
            "\t".join(
                [
                    str(pid),
                    gar,
                    far,
                    glat,
                    flat,
                    "DZ",
                    nin,
                    birth,
                    sex,
                    phone,
                    "",
                    "",
                    str(province),
                    "",
                    "",
                    "",
                    "",
                    "",
                    "ar",
                    sort,
                    "2026-11-22 00:00:00+00",
                    "2026-11-22 00:00:00+00",
                ]
            )
            + "\n"
        )
        for key in name_keys(gar, far, glat, flat):
            key_buffer.write(f"{pid}\t{key}\n")
    columns = (
        "id, given_name_ar, family_name_ar, given_name_latin, family_name_latin, country, national_id, birth_date, "
        "sex, phone, phone_alt, email, province_id, address, education_level, diploma, employment_status, "
        "first_met, preferred_language, sort_name, created_at, updated_at"
    )
    with connection.cursor() as cursor:
        cursor.execute("SET synchronous_commit = off")
        with cursor.copy(f"COPY people_person ({columns}) FROM STDIN") as copy:
            copy.write(person_buffer.getvalue())
        with cursor.copy("COPY people_personnamekey (person_id, key) FROM STDIN") as copy:
            copy.write(key_buffer.getvalue())
        cursor.execute("SELECT setval('people_person_id_seq', (SELECT max(id) FROM people_person))")
    # What autovacuum does in production after a bulk load: statistics and the visibility
    # map that index-only scans of the name keys rely on.
    connection.ensure_connection()
    raw = connection.connection
    previous = raw.autocommit
    raw.autocommit = True
    with raw.cursor() as cursor:
        for table in ("people_person", "people_personnamekey"):
            vacuum_until_visible(cursor, table)
    raw.autocommit = previous
    return time.perf_counter() - started


def vacuum_until_visible(cursor, table: str, tries: int = 3) -> float:
    """VACUUM ANALYZE until the visibility map covers the table. A first VACUUM right after
    a bulk load sometimes leaves half the pages unmarked (seen on 2026-11-29 on the name
    keys: 9,176 of 17,077 pages), and then the index-only scans of multi-word searches
    read the heap: 300 ms instead of 65 ms for the count of "محمد بن علي". Autovacuum
    gets there in production; the benchmark must not measure the moment before it."""
    visible = 0.0
    for _ in range(tries):
        cursor.execute(f"VACUUM ANALYZE {table}")
        cursor.execute(
            "SELECT relallvisible::float / greatest(relpages, 1) FROM pg_class WHERE relname = %s", [table]
        )
        visible = cursor.fetchone()[0]
        if visible >= 0.99:
            break
    print(f"{table}: {visible:.0%} of pages all-visible after VACUUM", flush=True)
    return visible


def _loaded_people(url: str) -> int:
    name = url.rsplit("/", 1)[1]
    out = subprocess.run(
        [
            "psql",
            "-h",
            "127.0.0.1",
            "-U",
            "postgres",
            "-Atqd",
            name,
            "-c",
            "SELECT count(*) FROM people_person",
        ],
        capture_output=True,
        text=True,
        check=False,
    )
    return int(out.stdout.strip()) if out.returncode == 0 and out.stdout.strip().isdigit() else -1


def time_requests(client, url: str, repeat: int) -> dict:
    samples = []
    for _ in range(repeat):
        started = time.perf_counter()
        response = client.get(url)
        samples.append((time.perf_counter() - started) * 1000)
        assert response.status_code == 200, (url, response.status_code)
    samples.sort()
    return {
        "median_ms": statistics.median(samples),
        "p95_ms": samples[int(len(samples) * 0.95) - 1],
        "count": response.context["page"].paginator.count if response.context else None,
    }


def naive_icontains(q: str):
    from django.db.models import Q

    from rowad.people.models import Person

    condition = Q()
    for field in ("given_name_ar", "family_name_ar", "given_name_latin", "family_name_latin"):
        condition |= Q(**{f"{field}__icontains": q})
    return Person.objects.filter(condition)


def main() -> None:
    count = int(os.environ.get("BENCH_PEOPLE", "1000000"))
    repeat = int(os.environ.get("BENCH_REPEAT", "30"))
    url = os.environ.get("BENCH_DATABASE_URL", DEFAULT_URL)
    # BENCH_REUSE=1: keep a database this benchmark already loaded (same size), skip the load.
    reuse = os.environ.get("BENCH_REUSE") == "1" and _loaded_people(url) == count
    if not reuse:
        recreate_database(url)
    setup_django(url)
    from django.core.management import call_command
    from django.test import Client
    from django.test.utils import setup_test_environment

    from rowad.accounts.enums import Role
    from rowad.accounts.models import Membership, User
    from rowad.core.models import Province
    from rowad.partners.models import Organization
    from rowad.people.models import Person
    from rowad.people.queries import search_people

    setup_test_environment()  # so responses carry their template context (row counts)
    call_command("migrate", verbosity=0)
    if reuse:
        from django.db import connection

        load_seconds = 0.0
        connection.ensure_connection()
        connection.connection.autocommit = True
        with connection.connection.cursor() as cursor:
            for table in ("people_person", "people_personnamekey"):
                vacuum_until_visible(cursor, table)
    else:
        load_seconds = load_people(count)
    oran = Province.objects.get(country_id="DZ", code="31")
    agency, _created = Organization.objects.get_or_create(kind="agency", country="DZ", name_fr="ANSEJ Oran")
    agency.provinces.set(Province.objects.filter(country_id="DZ"))
    officer = User.objects.filter(username="bench-officer").first() or User.objects.create_user(
        "bench-officer", password="x"
    )
    Membership.objects.get_or_create(user=officer, organization=agency, role=Role.AGENCY_OFFICER)
    client = Client()
    client.force_login(officer)
    cases = {
        "list, province filter (page 1)": f"/people/?province={oran.pk}",
        "list, province filter (page 40)": f"/people/?province={oran.pk}&page=40",
        "search 'Mohamed' (finds محمد)": "/people/?q=Mohamed",
        "search 'محمد بن علي'": "/people/?q=%D9%85%D8%AD%D9%85%D8%AF+%D8%A8%D9%86+%D8%B9%D9%84%D9%8A",
        "search 'benali' + province": f"/people/?q=benali&province={oran.pk}",
        "search 'Abdelkader Bouzid'": "/people/?q=Abdelkader+Bouzid",
        "API search 'youcef'": "/api/people/?q=youcef",
    }
    results = {}
    for label, path in cases.items():
        if path.startswith("/api/"):
            samples = []
            for _ in range(repeat):
                started = time.perf_counter()
                assert client.get(path).status_code == 200
                samples.append((time.perf_counter() - started) * 1000)
            samples.sort()
            results[label] = {
                "median_ms": statistics.median(samples),
                "p95_ms": samples[int(repeat * 0.95) - 1],
            }
        else:
            results[label] = time_requests(client, path, repeat)
    # Baseline: plain icontains over the name fields, for the same query.
    baseline = {}
    for query in ("Mohamed", "محمد"):
        samples = []
        for _ in range(max(5, repeat // 3)):
            started = time.perf_counter()
            found = naive_icontains(query).count()
            samples.append((time.perf_counter() - started) * 1000)
        ours = search_people(Person.objects.all(), query).count()
        baseline[query] = {"median_ms": statistics.median(samples), "found": found, "rowad_found": ours}
    ours_timed = []
    for _ in range(max(5, repeat // 3)):
        started = time.perf_counter()
        search_people(Person.objects.all(), "Mohamed").count()
        ours_timed.append((time.perf_counter() - started) * 1000)
    print(f"people: {count:,}  load (COPY incl. key generation): {load_seconds:.1f} s")
    print(f"{'case':<38} {'median ms':>10} {'p95 ms':>9} {'rows':>9}")
    for label, row in results.items():
        print(f"{label:<38} {row['median_ms']:>10.1f} {row['p95_ms']:>9.1f} {row.get('count') or '':>9}")
    print("baseline icontains over name fields (count query):")
    for query, row in baseline.items():
        print(
            f"  {query!r}: {row['median_ms']:.1f} ms, finds {row['found']:,} people; "
            f"Rowad's cross-script search finds {row['rowad_found']:,}"
        )
    print(f"  Rowad search 'Mohamed' count query: {statistics.median(ours_timed):.1f} ms")


if __name__ == "__main__":
    main()
