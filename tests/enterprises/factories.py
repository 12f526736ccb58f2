"""Factories of the enterprises app. The model factories write rows directly (arrange
only); `record_enterprise` goes through the service, as a dossier really gets one."""

from __future__ import annotations

import datetime

import factory

from rowad.core.enums import CountryCode
from rowad.dossiers.enums import DossierState
from rowad.enterprises import services
from rowad.enterprises.enums import LegalForm, MemberRole
from rowad.enterprises.models import Enterprise, EnterpriseMember, MentorAssignment, SessionTopic, Visit
from tests.committees.factories import DossierFactory

# Real-looking identifiers: valid ones pass the checks, the others fail them.
VALID_DZ = {
    "trade_register": "31/00-0123456 B 21",
    "tax_id": "000231012345678",
    "statistical_id": "098731010012345",
}
VALID_MA = {"trade_register": "4512", "ice": "001561191000066", "tax_id": "40115543"}


def record_enterprise(dossier, *, actor, legal_form: str | None = None, **fields) -> Enterprise:
    """The enterprise of a financed dossier, through the service (the dossier moves to
    "company created")."""
    if legal_form is None:
        holders = dossier.holders.count()
        legal_form = LegalForm.MICRO_ENTERPRISE if holders <= 1 else LegalForm.SARL
        if dossier.province.country_id == CountryCode.MOROCCO and holders >= 5:
            legal_form = LegalForm.COOPERATIVE
    fields.setdefault("activity", dossier.title or "Activité")
    fields.setdefault("name_latin", (dossier.title or "Entreprise")[:200])
    fields.setdefault("created_on", datetime.date.today())
    return services.create_enterprise(dossier, actor=actor, legal_form=legal_form, **fields)


class EnterpriseFactory(factory.django.DjangoModelFactory):
    """An enterprise row on a dossier in "company created" (no steps nor calendar: tests of
    those go through record_enterprise)."""

    class Meta:
        model = Enterprise

    dossier = factory.SubFactory(DossierFactory, state=DossierState.COMPANY_CREATED)
    reference = factory.Sequence(lambda n: f"ENT-{n:05d}")
    legal_form = LegalForm.MICRO_ENTERPRISE
    country = factory.LazyAttribute(lambda o: o.dossier.province.country_id)
    name_latin = factory.Sequence(lambda n: f"Entreprise {n}")
    name_ar = factory.Sequence(lambda n: f"مؤسسة {n}")
    activity = "Pose de fibre optique"
    programme = factory.LazyAttribute(lambda o: o.dossier.programme)
    organization = factory.LazyAttribute(lambda o: o.dossier.organization)
    specialty = factory.LazyAttribute(lambda o: o.dossier.specialty)
    province = factory.LazyAttribute(lambda o: o.dossier.province)
    created_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=400))


class MemberFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = EnterpriseMember

    enterprise = factory.SubFactory(EnterpriseFactory)
    person = factory.LazyAttribute(lambda o: o.enterprise.dossier.holders.first())
    role = MemberRole.MANAGER
    joined_on = factory.LazyAttribute(lambda o: o.enterprise.created_on)


class AssignmentFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = MentorAssignment

    dossier = factory.SubFactory(DossierFactory)
    mentor = None
    started_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=30))


class TopicFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SessionTopic

    code = factory.Sequence(lambda n: f"topic-{n}")
    name_fr = factory.Sequence(lambda n: f"Thème {n}")
    name_ar = factory.Sequence(lambda n: f"موضوع {n}")


class VisitFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Visit

    enterprise = factory.SubFactory(EnterpriseFactory)
    visited_on = factory.LazyFunction(lambda: datetime.date.today() - datetime.timedelta(days=10))
    permanent_men = 1
