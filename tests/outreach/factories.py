"""Factories of the outreach app."""

from __future__ import annotations

import uuid
from datetime import timedelta

import factory
from django.utils import timezone

from rowad.outreach.enums import Channel, EventKind
from rowad.outreach.models import AgendaItem, Campaign, Event, Idea, Phase, Registration, Stop, VisitorTally
from tests.factories import OrganizationFactory, PersonFactory, province


class CampaignFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Campaign
        skip_postgeneration_save = True

    code = factory.Sequence(lambda n: f"caravan-{n}")
    name_fr = factory.Sequence(lambda n: f"Caravane {n}")
    name_ar = factory.Sequence(lambda n: f"قافلة {n}")
    country = "DZ"
    lead_organization = factory.SubFactory(OrganizationFactory)
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))

    @factory.post_generation
    def organizations(self, create, extracted, **kwargs):
        if create and extracted:
            self.organizations.set(extracted)


class PhaseFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Phase
        skip_postgeneration_save = True

    campaign = factory.SubFactory(CampaignFactory)
    number = factory.Sequence(lambda n: n + 1)
    name_fr = factory.Sequence(lambda n: f"Phase {n}")
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=30))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=30))

    @factory.post_generation
    def provinces(self, create, extracted, **kwargs):
        if create and extracted:
            self.provinces.set(extracted)


class StopFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Stop
        skip_postgeneration_save = True

    phase = factory.SubFactory(PhaseFactory)
    campaign = factory.SelfAttribute("phase.campaign")
    province = factory.LazyFunction(lambda: province("DZ", "31"))
    venue = "Place Kahina"
    starts_on = factory.LazyFunction(lambda: timezone.localdate() - timedelta(days=1))
    ends_on = factory.LazyFunction(lambda: timezone.localdate() + timedelta(days=1))

    @factory.post_generation
    def field_agents(self, create, extracted, **kwargs):
        if create and extracted:
            self.field_agents.set(extracted)


class EventFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Event
        skip_postgeneration_save = True

    kind = EventKind.AWARENESS_MEETING
    title = factory.Sequence(lambda n: f"Rencontre {n}")
    starts_on = factory.LazyFunction(timezone.localdate)
    province = factory.LazyFunction(lambda: province("DZ", "31"))
    venue = "Agence"
    host_organization = factory.SubFactory(OrganizationFactory)

    @factory.post_generation
    def field_agents(self, create, extracted, **kwargs):
        if create and extracted:
            self.field_agents.set(extracted)

    @factory.post_generation
    def partners(self, create, extracted, **kwargs):
        if create and extracted:
            self.partners.set(extracted)


class AgendaItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = AgendaItem

    event = factory.SubFactory(EventFactory)
    kind = "presentation"
    topic = factory.Sequence(lambda n: f"Sujet {n}")


class RegistrationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Registration

    client_uuid = factory.LazyFunction(uuid.uuid4)
    stop = factory.SubFactory(StopFactory)
    person = factory.SubFactory(PersonFactory)
    channel = Channel.FIELD
    captured_at = factory.LazyFunction(timezone.now)
    consent = True
    sex = factory.SelfAttribute("person.sex")


class IdeaFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Idea

    registration = factory.SubFactory(RegistrationFactory)
    summary = "Rucher de 50 ruches"


class TallyFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = VisitorTally

    client_uuid = factory.LazyFunction(uuid.uuid4)
    stop = factory.SubFactory(StopFactory)
    day = factory.LazyFunction(timezone.localdate)
    count = 10
