"""Factories and file builders for import tests."""

from __future__ import annotations

import csv
import io

import factory

from rowad.imports.models import ImportBatch, ImportSource


class ImportSourceFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportSource

    name = factory.Sequence(lambda n: f"source {n}")


class ImportBatchFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ImportBatch

    source = factory.SubFactory(ImportSourceFactory)
    country = "DZ"
    file_name = "people.csv"
    stored_path = "missing.csv"
    sha256 = factory.Sequence(lambda n: f"{n:064d}")
    file_format = "csv"
    headers = factory.LazyFunction(lambda: ["Prénom", "Nom"])
    mapping = factory.LazyFunction(lambda: {"given_name_latin": "Prénom", "family_name_latin": "Nom"})


FRENCH_HEADER = [
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
GOOD_ROWS = [
    [
        "A1",
        "Mohamed",
        "Benali",
        "محمد",
        "بن علي",
        "100000000000000001",
        "12/03/1998",
        "H",
        "0550 12 34 56",
        "31",
    ],
    ["A2", "Fatima", "Saïdi", "فاطمة", "سعيدي", "", "1999-01-02", "F", "+213661234567", "Oran"],
    ["A3", "Amine", "Bouzid", "أمين", "بوزيد", "", "", "M", "", "DZ-31"],
]
BAD_ROW = ["A4", "Bad", "Phone", "", "", "", "31/02/2000", "X", "123", "Nowhere"]


def csv_bytes(rows, header=FRENCH_HEADER, *, delimiter=";", encoding="utf-8") -> bytes:
    out = io.StringIO()
    writer = csv.writer(out, delimiter=delimiter, lineterminator="\n")
    writer.writerow(header)
    writer.writerows(rows)
    return out.getvalue().encode(encoding)


def xlsx_bytes(rows, header=FRENCH_HEADER, *, extra_sheets: int = 0) -> bytes:
    import openpyxl

    workbook = openpyxl.Workbook()
    sheet = workbook.active
    sheet.title = "Inscriptions"
    sheet.append(header)
    for row in rows:
        sheet.append(row)
    for index in range(extra_sheets):
        workbook.create_sheet(f"Notes {index}").append(["note"])
    out = io.BytesIO()
    workbook.save(out)
    return out.getvalue()
