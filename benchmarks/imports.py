"""Import of 100,000 registrations from CSV, end to end (read, validate, normalize, write
people + name keys + history + source keys), on SQLite and on PostgreSQL, beside
django-import-export importing the same file into the same model, and beside a plain
PostgreSQL COPY of the same rows.

    .venv/bin/python -m benchmarks imports
Environment: BENCH_IMPORT_ROWS (default 100000), BENCH_IIE_ROWS (rows given to
django-import-export, default all: it is ~100x slower, lower it for a quick run),
BENCH_IMPORT_PG_URL (default postgres://postgres@127.0.0.1:5432/rowad_bench_imports —
dropped and recreated). Each backend runs in its own process on a fresh database.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

DEFAULT_PG = "postgres://postgres@127.0.0.1:5432/rowad_bench_imports"


def _setup(url: str) -> None:
    os.environ["DATABASE_URL"] = url
    os.environ["DJANGO_SETTINGS_MODULE"] = "rowad.settings"
    import django

    django.setup()
    from django.core.management import call_command

    call_command("migrate", verbosity=0)


def _clear() -> None:
    from django.db import connection

    tables = [
        "imports_importedrecord", "imports_importproblem", "imports_importbatch", "people_personnamekey",
        "people_historicalperson", "people_person",
    ]  # fmt: skip
    with connection.cursor() as cursor:
        if connection.vendor == "postgresql":
            cursor.execute(f"TRUNCATE {', '.join(tables)} CASCADE")
        else:
            for table in tables:
                cursor.execute(f"DELETE FROM {table}")
    if connection.vendor == "postgresql":
        _checkpoint()


def _checkpoint() -> None:
    """Every timed part starts right after a checkpoint: with PostgreSQL's default 1 GB of
    WAL between checkpoints, one that a previous part started otherwise lands in the middle
    of the next (measured: the same import 18 s or 29 s)."""
    from django.db import connection

    with connection.cursor() as cursor:
        cursor.execute("VACUUM ANALYZE people_person")
        cursor.execute("CHECKPOINT")


def _time_rowad(path: Path) -> dict:
    from rowad.imports import processing, services
    from rowad.people.models import Person, PersonNameKey

    start, cpu = time.perf_counter(), time.process_time()
    batch = services.create_batch(path, actor=None, source_name="bench", country="DZ", mode="all-or-nothing")
    batch = services.start_import(batch, actor=None, enqueue=False)
    batch = processing.run_batch_now(batch.pk)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert batch.status == "done", (batch.status, batch.failure)
    return {
        "rows": batch.rows_written,
        "seconds": seconds,
        "cpu": cpu,
        "people": Person.objects.count(),
        "history": Person.history.count(),
        "keys": PersonNameKey.objects.count(),
    }


def _person_resource():
    """A standard django-import-export resource for the same file: the French column
    names, dates in the file's two formats, phones normalized with the registry's own
    function, the wilaya by code, ISO code or name; rows keyed on the NIN (so a second
    import does not duplicate). Each row is saved with Model.save(), so
    django-simple-history writes its history row as for ours."""
    from import_export import fields, resources, widgets

    from rowad.core.models import Province
    from rowad.core.text import normalize_text
    from rowad.core.validators import normalize_phone
    from rowad.people.models import Person

    lookup = {}
    for p in Province.objects.filter(country_id="DZ"):
        for key in (p.code, p.iso_code, normalize_text(p.name_fr), normalize_text(p.name_ar)):
            lookup[key] = p

    class ProvinceWidget(widgets.ForeignKeyWidget):
        def clean(self, value, row=None, **kwargs):
            return lookup.get(value) or lookup.get(normalize_text(value or ""))

    class PhoneWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return normalize_phone(value, "DZ") if value else ""

    class DateWidget(widgets.DateWidget):
        def clean(self, value, row=None, **kwargs):
            if value and "/" in value:
                return super().clean("-".join(reversed(value.split("/"))), row, **kwargs)
            return super().clean(value, row, **kwargs)

    class SexWidget(widgets.CharWidget):
        def clean(self, value, row=None, **kwargs):
            return {"H": "M"}.get(value, value)

    class PersonResource(resources.ModelResource):
        given_name_latin = fields.Field(attribute="given_name_latin", column_name="Prénom")
        family_name_latin = fields.Field(attribute="family_name_latin", column_name="Nom")
        given_name_ar = fields.Field(attribute="given_name_ar", column_name="الاسم")
        family_name_ar = fields.Field(attribute="family_name_ar", column_name="اللقب")
        national_id = fields.Field(attribute="national_id", column_name="NIN")
        birth_date = fields.Field(
            attribute="birth_date",
            column_name="Date de naissance",
            widget=DateWidget(format="%Y-%m-%d"),
        )
        sex = fields.Field(attribute="sex", column_name="Sexe", widget=SexWidget())
        phone = fields.Field(attribute="phone", column_name="Téléphone", widget=PhoneWidget())
        province = fields.Field(attribute="province", column_name="Wilaya", widget=ProvinceWidget(Province))

        class Meta:
            model = Person
            fields = (
                "given_name_latin", "family_name_latin", "given_name_ar", "family_name_ar", "national_id",
                "birth_date", "sex", "phone", "province",
            )  # fmt: skip
            import_id_fields = ("national_id",)

        def before_save_instance(self, instance, row, **kwargs):
            instance.country = "DZ"

    return PersonResource()


def _time_import_export(path: Path, rows: int) -> dict:
    import tablib

    from rowad.people.models import Person

    with path.open(encoding="utf-8") as handle:
        lines = [next(handle) for _ in range(rows + 1)]
    start, cpu = time.perf_counter(), time.process_time()
    dataset = tablib.Dataset().load("".join(lines), format="csv", delimiter=";")
    result = _person_resource().import_data(dataset, dry_run=False, raise_errors=True, use_transactions=True)
    seconds, cpu = time.perf_counter() - start, time.process_time() - cpu
    assert not result.has_errors()
    return {"rows": Person.objects.count(), "seconds": seconds, "cpu": cpu, "history": Person.history.count()}


def _time_copy(count: int) -> dict:
    """A plain COPY of the same rows (already normalized: COPY validates nothing) into
    the same table, with its indexes and constraints."""
    from django.db import connection, transaction
    from django.utils import timezone

    from benchmarks._import_data import generate_rows
    from rowad.core.models import Province

    provinces = dict(Province.objects.filter(country_id="DZ").values_list("code", "pk"))
    now = timezone.now()
    rows = [
        (now, now, c["given_name_ar"], c["family_name_ar"], c["given_name_latin"], c["family_name_latin"], "DZ",
         c["national_id"], c["birth_date"], c["sex"], c["phone"], "", "", provinces[c["province_code"]], "", "", "",
         "", "", "ar", "")
        for _row, c in generate_rows(count)
    ]  # fmt: skip
    columns = (
        "created_at, updated_at, given_name_ar, family_name_ar, given_name_latin, family_name_latin, country, "
        "national_id, birth_date, sex, phone, phone_alt, email, province_id, address, education_level, diploma, "
        "employment_status, first_met, preferred_language, sort_name"
    )
    start = time.perf_counter()
    with (
        transaction.atomic(),
        connection.cursor() as cursor,
        cursor.cursor.copy(f"COPY people_person ({columns}) FROM STDIN") as copy,
    ):
        for row in rows:
            copy.write_row(row)
    return {"rows": count, "seconds": time.perf_counter() - start}


WRITTEN_TABLES = (
    "people_person",
    "people_historicalperson",
    "people_personnamekey",
    "imports_importedrecord",
)


def _rows_written() -> dict[str, tuple[list[str], list[tuple]]]:
    """Every row Rowad's import wrote, table by table, ids included, as COPY would take them."""
    from django.db import connection

    written = {}
    with connection.cursor() as cursor:
        for table in WRITTEN_TABLES:
            cursor.execute(f"SELECT * FROM {table}")
            written[table] = ([c.name for c in cursor.description], cursor.fetchall())
    return written


# What the issue itself asks an import to write: the people, their history, and the
# source keys that make a second import of the same file write nothing.
REQUIRED_TABLES = ("people_person", "people_historicalperson", "imports_importedrecord")


def _time_copy_written(written: dict[str, tuple[list[str], list[tuple]]], tables: tuple[str, ...]) -> dict:
    """A floor under Rowad's writes: a plain COPY of exactly the rows Rowad wrote into
    `tables` (already built: nothing read, validated or computed), in one transaction
    committed the way Rowad commits (without waiting for the WAL flush), foreign-key
    checks at commit included."""
    from django.db import connection, transaction

    with connection.cursor() as cursor:
        cursor.execute(f"TRUNCATE {', '.join(WRITTEN_TABLES)} CASCADE")
    _checkpoint()
    start = time.perf_counter()
    with transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("SET LOCAL synchronous_commit TO OFF")
        for table in tables:
            columns, rows = written[table]
            with cursor.cursor.copy(f"COPY {table} ({', '.join(columns)}) FROM STDIN") as copy:
                for row in rows:
                    copy.write_row(row)
    seconds = time.perf_counter() - start
    return {"rows": sum(len(written[table][1]) for table in tables), "seconds": seconds}


def worker(backend: str, path: str, iie_rows: int) -> None:
    count = sum(1 for _ in open(path, encoding="utf-8")) - 1  # noqa: SIM115
    if backend == "postgresql":
        url = os.environ.get("BENCH_IMPORT_PG_URL", DEFAULT_PG)
        name = url.rsplit("/", 1)[1]
        admin = ["psql", "-h", "127.0.0.1", "-U", "postgres", "-q", "-d", "postgres", "-c"]
        subprocess.run([*admin, f"DROP DATABASE IF EXISTS {name}"], check=True)
        subprocess.run([*admin, f"CREATE DATABASE {name}"], check=True)
    else:
        url = "sqlite:///" + str(Path(tempfile.mkdtemp(prefix="rowad-bench-")) / "bench.sqlite3")
    _setup(url)
    results = {"backend": backend, "rows": count}
    _clear()
    results["rowad"] = _time_rowad(Path(path))
    if backend == "postgresql":
        written = _rows_written()
        results["copy_required"] = _time_copy_written(written, REQUIRED_TABLES)
        results["copy_all"] = _time_copy_written(written, WRITTEN_TABLES)
        del written
    _clear()
    results["import_export"] = _time_import_export(Path(path), min(iie_rows, count))
    if backend == "postgresql":
        _clear()
        results["copy"] = _time_copy(count)
    _clear()
    print("RESULT " + json.dumps(results), flush=True)


def main() -> None:
    from benchmarks._import_data import write_csv

    count = int(os.environ.get("BENCH_IMPORT_ROWS", "100000"))
    iie_rows = int(os.environ.get("BENCH_IIE_ROWS", str(count)))
    path = write_csv(ROOT / "var" / "bench" / f"imports-{count}.csv", count)
    print(
        f"file: {path} ({path.stat().st_size / 2**20:.1f} MB, {count:,} rows); load before: {os.getloadavg()}"
    )
    for backend in ("sqlite", "postgresql"):
        load_before = os.getloadavg()
        proc = subprocess.run(
            [sys.executable, "-m", "benchmarks.imports", "--worker", backend, str(path), str(iie_rows)],
            cwd=ROOT, capture_output=True, text=True, check=False,
        )  # fmt: skip
        line = next((ln for ln in proc.stdout.splitlines() if ln.startswith("RESULT ")), None)
        if line is None:
            print(f"{backend}: failed\n{proc.stdout[-2000:]}\n{proc.stderr[-4000:]}")
            continue
        r = json.loads(line[7:])
        ours = r["rowad"]["rows"] / r["rowad"]["seconds"]
        theirs = r["import_export"]["rows"] / r["import_export"]["seconds"]
        print(
            f"{backend}: Rowad {r['rowad']['rows']:,} rows in {r['rowad']['seconds']:.1f} s = {ours:,.0f} rows/s "
            f"(people {r['rowad']['people']:,}, history {r['rowad']['history']:,}, name keys {r['rowad']['keys']:,})"
        )
        print(
            f"{backend}: django-import-export {r['import_export']['rows']:,} rows in {r['import_export']['seconds']:.1f} s"
            f" = {theirs:,.0f} rows/s (history {r['import_export']['history']:,}) -> Rowad is {ours / theirs:.1f}x"
        )
        if "copy" in r:
            copy = r["copy"]["rows"] / r["copy"]["seconds"]
            print(
                f"{backend}: plain COPY of the same rows {r['copy']['seconds']:.2f} s = {copy:,.0f} rows/s -> "
                f"COPY is {copy / ours:.1f}x faster than Rowad end to end"
            )
        for name, what in (("copy_required", "people + history + source keys"), ("copy_all", "all 4 tables")):
            if name in r:
                floor = r[name]
                print(
                    f"{backend}: floor, plain COPY of the rows Rowad wrote, {what} ({floor['rows']:,} rows built "
                    f"beforehand) {floor['seconds']:.2f} s = {floor['seconds'] / r['copy']['seconds']:.1f}x the COPY "
                    f"of the people alone; Rowad end to end is {r['rowad']['seconds'] / floor['seconds']:.1f}x it"
                )
        ours_cpu = r["rowad"]["rows"] / r["rowad"]["cpu"]
        theirs_cpu = r["import_export"]["rows"] / r["import_export"]["cpu"]
        where = "all work in this process" if backend == "sqlite" else "client process only, server excluded"
        print(
            f"{backend}: per CPU second of the importing process ({where}): Rowad {ours_cpu:,.0f} rows/s, "
            f"django-import-export {theirs_cpu:,.0f} rows/s -> {ours_cpu / theirs_cpu:.1f}x"
        )
        print(f"{backend}: load average before {load_before}, after {os.getloadavg()}", flush=True)


if __name__ == "__main__":
    if len(sys.argv) > 1 and sys.argv[1] == "--worker":
        worker(sys.argv[2], sys.argv[3], int(sys.argv[4]))
    else:
        main()
