"""The Oran stop's Kobo export (3 September 2018), imported once by the Oran officer
through the import services (two rows rejected, to show the report). Imported rows add
people to the registry, not registrations: the caravan's 631 registrations are those of
rowad.outreach.demo."""

from __future__ import annotations

import csv
import io
import random

from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.people.names import FAMILY, GIVEN_FEMALE, GIVEN_MALE

from . import processing, services
from .enums import BatchStatus
from .models import ImportBatch

SOURCE = "Caravane 2018 — étape d’Oran (KoboToolbox)"
HEADER = ["start", "group_identite/prenom", "group_identite/nom", "group_identite/الاسم", "group_identite/اللقب",
          "group_identite/date_de_naissance", "group_identite/sexe", "group_contact/telephone",
          "group_contact/wilaya", "group_identite/categorie", "group_consentement/consentement",
          "group_consentement/accord_sms", "group_consentement/date_consentement", "meta/instanceID", "_uuid"]  # fmt: skip
RESISTANCE_FAMILY = "أبناء وبنات أسرة المقاومة وجيش التحرير"  # the target category, by its Arabic name


def demo_file(count: int = 40, seed: int = 31) -> bytes:
    rng = random.Random(seed)
    out = io.StringIO()
    writer = csv.writer(out, lineterminator="\n")
    writer.writerow(HEADER)
    for index in range(count):
        sex = rng.choice("MF")
        given_ar, given = rng.choice(GIVEN_MALE if sex == "M" else GIVEN_FEMALE)
        family_ar, family = rng.choice(FAMILY)
        phone = f"0{rng.choice(['550', '661', '770'])} {rng.randint(10, 99)} {rng.randint(10, 99)} {rng.randint(10, 99)}"
        born = f"{rng.randint(1, 28):02d}/{rng.randint(1, 12):02d}/{rng.randint(1983, 1999)}"
        wilaya = rng.choice(["31", "Oran", "وهران", "DZ-31"])
        if index in (7, 23):  # what field registrations look like sometimes
            phone, born = "12345", "31/02/2001"
        uuid = f"uuid:demo-oran-{index:04d}"
        # From the index, not the generator: the names and phones stay those of earlier demos.
        category = RESISTANCE_FAMILY if index % 7 == 3 else ""
        contact = "نعم" if index % 3 else "لا"
        writer.writerow(["2018-09-03T10:00:00", given, family, given_ar, family_ar, born,
                         "ذكر" if sex == "M" else "أنثى", phone, wilaya, category, "نعم", contact, "2018-09-03", uuid,
                         uuid[5:]])  # fmt: skip
    return out.getvalue().encode("utf-8")


def load(context: dict) -> None:
    if ImportBatch.objects.filter(source__name=SOURCE, status=BatchStatus.DONE).exists():
        return
    actor = context.get("users", {}).get("officer")
    orgs = context.get("orgs", {})
    organization = orgs.get("ansej_oran")
    batch = services.create_batch(
        SimpleUploadedFile("kobo-oran.csv", demo_file()),
        read_now=True,
        actor=actor,
        source_name=SOURCE,
        country="DZ",
        organization=organization,
    )
    batch = services.start_import(batch, actor=actor, enqueue=False)
    batch = processing.run_batch_now(batch.pk, actor=actor)
    if "stdout" in context:
        context["stdout"].write(
            f"Import demo: {batch.rows_written} people, {batch.rows_rejected} rows rejected."
        )
