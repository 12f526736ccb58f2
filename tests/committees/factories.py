"""Factories of the committees tests (dossiers are built directly: the committee only
needs dossiers that reached it)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.utils import timezone

from rowad.committees.models import CommitteeSession, Criterion, ScoringGrid, SessionMember
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier, DossierHolder, StateChange
from tests.factories import OrganizationFactory, PersonFactory, ProgrammeFactory, province


class DossierFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Dossier
        skip_postgeneration_save = True

    reference = factory.Sequence(lambda n: f"CT-2026-{n + 1:06d}")
    title = factory.Sequence(lambda n: f"Projet fibre {n}")
    idea = "Installation et maintenance de fibre optique."
    programme = factory.SubFactory(ProgrammeFactory)
    organization = factory.SubFactory(OrganizationFactory)
    province = factory.LazyFunction(lambda: province("DZ", "31"))
    state = DossierState.READY_FOR_COMMITTEE
    investment = Decimal("1000000")

    @factory.post_generation
    def holders(self, create, extracted, **kwargs):
        if not create:
            return
        people = extracted if extracted is not None else [PersonFactory(national_id="")]
        for index, person in enumerate(people):
            DossierHolder.objects.create(dossier=self, person=person, is_lead=index == 0)


class GridFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = ScoringGrid
        skip_postgeneration_save = True

    programme = factory.SubFactory(ProgrammeFactory)
    scale_max = 20
    show_evaluator_names = False

    @factory.post_generation
    def criteria(self, create, extracted, **kwargs):
        if not create:
            return
        specs = extracted if extracted is not None else [("viability", "3"), ("skills", "2"), ("impact", "1")]
        for position, (code, weight) in enumerate(specs):
            Criterion.objects.create(
                grid=self,
                code=code,
                weight=Decimal(weight),
                position=position,
                name_fr=code.capitalize(),
                name_ar={"viability": "الجدوى", "skills": "الكفاءات", "impact": "الأثر"}.get(code, code),
                name_en=code.capitalize(),
            )


class SessionFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = CommitteeSession
        skip_postgeneration_save = True

    organization = factory.SubFactory(OrganizationFactory)
    title = factory.Sequence(lambda n: f"Commission de wilaya n° {n + 1}")
    held_at = factory.LazyFunction(timezone.now)
    place = "Siège ANSEJ Oran"
    quorum = 2

    @factory.post_generation
    def members(self, create, extracted, **kwargs):
        if create and extracted:
            for index, user in enumerate(extracted):
                SessionMember.objects.create(session=self, user=user, is_chair=index == 0)


def decide_in_committee(dossier, decision: str, *, actor, reasons: str = "Décision de la commission"):
    """Take `decision` on a dossier ready for committee the only way there is: a session
    of its organization (the actor sits and chairs), attendance, agenda, votes, decision,
    announcement. Returns the dossier as the announcement left it."""
    from rowad.committees import services as committee_services
    from rowad.committees.enums import Decision, VoteChoice

    session = committee_services.create_session(
        organization=dossier.organization,
        programme=dossier.programme,
        title=f"Commission — {dossier.reference}",
        held_at=timezone.now(),
        place="Siège",
        quorum=1,
        members=[actor],
        chair=actor,
        actor=actor,
    )
    committee_services.record_attendance(session, present=[actor], actor=actor)
    item = committee_services.add_agenda_item(session, dossier=dossier, actor=actor)
    vote = {
        Decision.APPROVED: VoteChoice.FOR,
        Decision.REJECTED: VoteChoice.AGAINST,
    }.get(decision, VoteChoice.ABSTAIN)
    committee_services.record_decision(
        item, decision=decision, reasons=reasons, votes={actor.pk: vote}, actor=actor
    )
    committee_services.announce_session(session, actor=actor)
    return Dossier.objects.get(pk=dossier.pk)


def reached(dossier, *moves) -> None:
    """The dossier's history: (state, when) for each change into a state."""
    for state, when in moves:
        change = StateChange.objects.create(dossier=dossier, from_state="", to_state=state)
        StateChange.objects.filter(pk=change.pk).update(created_at=when)
