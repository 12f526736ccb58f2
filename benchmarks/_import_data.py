"""Deterministic synthetic registrations for the import benchmark (no Django needed).

Rows look like a caravan's spreadsheet: French and Arabic column names, names in one or
both scripts (the demo's Maghrebi names), unique 18-digit NINs, mobile phones written
four usual ways, birth dates as ISO or DD/MM/YYYY, and the wilaya as its code, its
French or Arabic name or its ISO 3166-2 code. Every row is valid, so every tool writes
the same rows."""

from __future__ import annotations

import csv
import random
import sys
from datetime import date, timedelta
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from rowad.people.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE  # noqa: E402

HEADER = [
    "Identifiant",
    "Prénom",
    "Nom",
    "الاسم",
    "اللقب",
    "NIN",
    "Date de naissance",
    "Sexe",
    "Téléphone",
    "Wilaya",
]
MOBILE_PREFIXES = ["55", "60", "66", "69", "77", "79"]


def wilayas() -> list[dict[str, str]]:
    with (ROOT / "rowad" / "core" / "data" / "provinces.csv").open(encoding="utf-8") as handle:
        return [r for r in csv.DictReader(handle) if r["country"] == "DZ" and int(r["code"]) <= 58]


def generate_rows(count: int, seed: int = 20260903):
    """Yield (csv_row, clean) pairs; `clean` holds the normalized values (for COPY)."""
    rng = random.Random(seed)
    provinces = wilayas()
    start = date(1985, 1, 1)
    for index in range(count):
        sex = rng.choice("MF")
        given_ar, given_latin = rng.choice(GIVEN_MALE if sex == "M" else GIVEN_FEMALE)
        family_ar, family_latin = rng.choice(FAMILY)
        script = rng.random()
        if script < 0.25:
            given_latin = family_latin = ""
        elif script > 0.85:
            given_ar = family_ar = ""
        nin = f"{1 if sex == 'M' else 2}{(index * 7919 + 1) % 10**17:017d}"
        born = start + timedelta(days=rng.randint(0, 20 * 365))
        digits = f"{rng.choice(MOBILE_PREFIXES)}{rng.randint(0, 9_999_999):07d}"
        phone = rng.choice(
            [
                f"0{digits}",
                f"0{digits[:3]} {digits[3:5]} {digits[5:7]} {digits[7:]}",
                f"+213{digits}",
                f"00213 {digits}",
            ]
        )
        province = rng.choice(provinces)
        where = rng.choice([province["code"], province["name_fr"], province["name_ar"], province["iso_code"]])
        born_text = born.isoformat() if rng.random() < 0.5 else born.strftime("%d/%m/%Y")
        row = [f"R{index + 1:07d}", given_latin, family_latin, given_ar, family_ar, nin, born_text,
               rng.choice(["H", "M"]) if sex == "M" else "F", phone, where]  # fmt: skip
        clean = {
            "given_name_ar": given_ar, "family_name_ar": family_ar, "given_name_latin": given_latin,
            "family_name_latin": family_latin, "national_id": nin, "birth_date": born, "sex": sex,
            "phone": f"+213{digits}", "province_code": province["code"],
        }  # fmt: skip
        yield row, clean


def write_csv(path: Path, count: int, *, delimiter: str = ";") -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.writer(handle, delimiter=delimiter, lineterminator="\n")
        writer.writerow(HEADER)
        for row, _clean in generate_rows(count):
            writer.writerow(row)
    return path


if __name__ == "__main__":
    out = write_csv(Path(sys.argv[1]), int(sys.argv[2]) if len(sys.argv) > 2 else 100_000)
    print(out)
