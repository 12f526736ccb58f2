"""A person with one record of every kind that refers to a person (export and erasure
tests build it)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils import timezone

from rowad.committees.models import AgendaItem, DecisionLetter
from rowad.dossiers.enums import DossierState
from rowad.imports.models import ImportedRecord, ImportProblem
from rowad.people.models import DuplicateCandidate, Person
from rowad.people.services import record_consent
from rowad.portal.models import HolderAccount, OneTimeCode
from rowad.portal.services import request_erasure
from tests.dossiers.factories import advance, make_dossier, put_on_agenda
from tests.factories import PersonFactory
from tests.imports.factories import ImportBatchFactory
from tests.outreach.factories import IdeaFactory, RegistrationFactory, StopFactory

FULL_NAME_LATIN = "Yacine Khelifati"
FULL_NAME_AR = "ياسين خليفاتي"
NATIONAL_ID = "109871234567890123"
PHONE = "+213661987654"
EMAIL = "yacine.khelifati@example.org"
NEEDLES = (FULL_NAME_LATIN, FULL_NAME_AR, NATIONAL_ID, PHONE, EMAIL)


@dataclass
class Rich:
    person: Person
    dossier: object
    letter: DecisionLetter
    other: Person


def build(world, capture) -> Rich:
    officer = world.users["agency_officer"]
    holder_user = world.users["project_holder"]
    person = PersonFactory(
        given_name_latin="Yacine",
        family_name_latin="Khelifati",
        given_name_ar="ياسين",
        family_name_ar="خليفاتي",
        national_id=NATIONAL_ID,
        phone=PHONE,
        email=EMAIL,
        organization=world.oran_agency,
        preferred_language="fr",
    )
    Person.objects.filter(pk=person.pk).update(user=holder_user)
    person.refresh_from_db()
    record_consent(person, purpose="registration", actor=officer, method="field")
    record_consent(person, purpose="contact", actor=officer, method="field")

    registration = RegistrationFactory(stop=StopFactory(province=world.oran), person=person)
    IdeaFactory(registration=registration, summary=f"Rucher de {FULL_NAME_LATIN}")

    with capture(execute=True):  # state changes send their notices after commit
        dossier = make_dossier(world, holders=[person], title=f"Atelier de {FULL_NAME_LATIN}")
        dossier = advance(
            dossier, DossierState.READY_FOR_COMMITTEE, actor=officer, note=f"Vu {FULL_NAME_LATIN}"
        )
    put_on_agenda(dossier, member=world.users["committee_member"])
    item = AgendaItem.objects.get(dossier=dossier)
    letter = DecisionLetter.objects.create(
        item=item, holder=person, reference="L-2026-0001", issued_at=timezone.now()
    )

    batch = ImportBatchFactory(organization=world.oran_agency)
    ImportedRecord.objects.create(source=batch.source, key="row-7", person=person, batch=batch)
    ImportProblem.objects.create(
        batch=batch,
        kind="review",
        line=12,
        code="already_registered",
        message="National ID already registered",
        value=NATIONAL_ID,
        row={"given_name_latin": "Yacine", "family_name_latin": "Khelifati", "national_id": NATIONAL_ID},
    )
    other = PersonFactory(
        given_name_latin="Yassine", family_name_latin="Khalifa", organization=world.oran_agency
    )
    a, b = sorted([person, other], key=lambda p: p.pk)
    DuplicateCandidate.objects.create(
        person_a=a,
        person_b=b,
        score=9.5,
        probability=0.8,
        status="distinct",
        decided_at=timezone.now(),
        explanation=[{"field": "name", "a": FULL_NAME_LATIN, "b": "Yassine Khalifa"}],
    )
    HolderAccount.objects.create(user=holder_user, country="DZ", phone=PHONE, email=EMAIL)
    OneTimeCode.objects.create(
        channel="sms",
        destination=PHONE,
        purpose="login",
        salt="x",
        code_hash="y",
        expires_at=timezone.now(),
    )
    request_erasure(person, actor=holder_user, reason=f"Je suis {FULL_NAME_LATIN}, effacez tout.")
    return Rich(person=person, dossier=dossier, letter=letter, other=other)
