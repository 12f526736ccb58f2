"""Writing the records behind a number to a file: XLSX with the writer of
`rowad.figures.exports.xlsx.write_records_xlsx` (openpyxl write-only mode, typed cells)
against a plain `csv.writer` on the same synthetic rows (what a user would otherwise do),
in the same run. Prints a markdown table: rows, seconds, tracemalloc peak, file size.

    python -m benchmarks figures_export              # 1,000,000 rows
    python -m benchmarks figures_export --rows 100000

Each writer runs twice: once timed without tracemalloc (it slows allocation-heavy code
several times), once under tracemalloc for the peak of Python memory. No database: the
rows are generated (date, names in both scripts, place, specialty, an amount, the link),
so the numbers are the writers' own.
"""

from __future__ import annotations

import argparse
import csv
import datetime
import os
import sys
import tempfile
import time
import tracemalloc
from collections.abc import Callable, Iterator
from decimal import Decimal
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

HEADERS = ["Registered on", "Person", "الاسم", "Place", "Specialty", "Amount", "Link"]


def synthetic_rows(count: int) -> Iterator[list]:
    start = datetime.date(2026, 1, 1)
    for n in range(count):
        yield [
            start + datetime.timedelta(days=n % 365),
            f"Mohamed Benali {n}",
            f"محمد بن علي {n}",
            "31 Oran — Place Kahina",
            "Fibre optique",
            Decimal(n % 100000) / 100,
            f"http://127.0.0.1:8000/people/{n}/",
        ]


def write_xlsx(path: Path, count: int) -> None:
    from openpyxl import Workbook

    from rowad.figures.exports.xlsx import write_rows_xlsx

    workbook = Workbook(write_only=True)
    sheet = workbook.create_sheet("Records")
    with path.open("wb") as stream:
        write_rows_xlsx(workbook, sheet, stream, HEADERS, synthetic_rows(count))


def write_plain_csv(path: Path, count: int) -> None:
    with path.open("w", encoding="utf-8", newline="") as stream:
        writer = csv.writer(stream)
        writer.writerow(HEADERS)
        writer.writerows(synthetic_rows(count))


def measure(write: Callable[[Path, int], None], count: int, suffix: str) -> tuple[float, float, int]:
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / f"out.{suffix}"
        began = time.perf_counter()
        write(path, count)
        seconds = time.perf_counter() - began
        size = path.stat().st_size
        path.unlink()
        tracemalloc.start()
        write(path, count)
        peak = tracemalloc.get_traced_memory()[1]
        tracemalloc.stop()
    return seconds, peak / 2**20, size


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--rows", type=int, default=int(os.environ.get("BENCH_EXPORT_ROWS", 1_000_000)))
    args, _unknown = parser.parse_known_args()
    os.environ.setdefault("DJANGO_SETTINGS_MODULE", "rowad.settings")
    import django

    django.setup()
    print(f"\n{args.rows:,} rows × {len(HEADERS)} columns (Python {sys.version.split()[0]})\n")
    print("| writer | seconds | rows/s | tracemalloc peak (MiB) | file (MiB) |")
    print("| --- | ---: | ---: | ---: | ---: |", flush=True)
    for name, write, suffix in (
        ("XLSX, `write_records_xlsx`'s writer (openpyxl write-only, typed cells)", write_xlsx, "xlsx"),
        ("CSV, plain `csv.writer`", write_plain_csv, "csv"),
    ):
        seconds, peak, size = measure(write, args.rows, suffix)
        print(
            f"| {name} | {seconds:.1f} | {args.rows / seconds:,.0f} | {peak:.1f} | {size / 2**20:.1f} |",
            flush=True,
        )


if __name__ == "__main__":
    main()
