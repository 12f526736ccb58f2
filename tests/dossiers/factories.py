"""Factories and builders for dossier tests (other apps' tests may import them)."""

from __future__ import annotations

from decimal import Decimal

import factory
from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.dossiers import services
from rowad.dossiers import study as dossier_study
from rowad.dossiers.enums import DossierState, FinancingKind, SpecificationKind, StudyResult
from rowad.dossiers.models import Specification, SpecificationItem
from rowad.dossiers.workflow import BODY_DECISION_STATES
from rowad.partners.models import DocumentType
from tests.factories import PersonFactory, ProgrammeFactory

# Smallest valid files of each accepted kind.
PDF_BYTES = b"%PDF-1.4\n1 0 obj<<>>endobj\ntrailer<<>>\n%%EOF\n"
PNG_BYTES = (
    b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR\x00\x00\x00\x01\x00\x00\x00\x01\x08\x06\x00\x00\x00\x1f\x15\xc4\x89"
    b"\x00\x00\x00\rIDATx\x9cc\xf8\x0f\x00\x00\x01\x01\x00\x05\x18\xd8N\x00\x00\x00\x00IEND\xaeB`\x82"
)


def pdf(name: str = "piece.pdf", content: bytes = PDF_BYTES) -> SimpleUploadedFile:
    return SimpleUploadedFile(name, content, content_type="application/pdf")


class DocumentTypeFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = DocumentType
        django_get_or_create = ("code",)

    code = factory.Sequence(lambda n: f"doc-{n}")
    name_fr = factory.Sequence(lambda n: f"Pièce {n}")
    name_ar = factory.Sequence(lambda n: f"وثيقة {n}")


class SpecificationFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = Specification

    programme = factory.SubFactory(ProgrammeFactory)
    name_fr = "Cahier des charges fibre optique"
    name_ar = "دفتر شروط الألياف البصرية"


class SpecificationItemFactory(factory.django.DjangoModelFactory):
    class Meta:
        model = SpecificationItem

    specification = factory.SubFactory(SpecificationFactory)
    kind = SpecificationKind.EQUIPMENT
    label_fr = factory.Sequence(lambda n: f"Exigence {n}")
    label_ar = factory.Sequence(lambda n: f"شرط {n}")


def oran_programme(world, **overrides):
    """A programme run by the Oran agency, with one required document and open rules."""
    defaults = {"operator": world.oran_agency, "min_members": 1, "max_members": 3}
    defaults.update(overrides)
    programme = ProgrammeFactory(**defaults)
    programme.required_documents.set([DocumentTypeFactory(code="id-copy", name_fr="Copie CNI")])
    return programme


def make_dossier(world, *, programme=None, holders=None, actor=None, investment=Decimal("1000000"), **fields):
    programme = programme or oran_programme(world)
    holders = holders or [PersonFactory(national_id="", organization=world.oran_agency)]
    fields.setdefault("title", "Pose de fibre optique")
    fields.setdefault("idea", "Une micro-entreprise de pose et de maintenance de fibre optique.")
    fields.setdefault("organization", world.oran_agency)
    return services.create_dossier(
        holders=holders,
        programme=programme,
        actor=actor or world.users["agency_officer"],
        investment=investment,
        financing=[{"kind": FinancingKind.PERSONAL_CONTRIBUTION, "amount": investment}],
        **fields,
    )


def advance(dossier, target: str, *, actor, note: str = "ok"):
    """Walk a fresh dossier along the main path to `target`, doing what each guard needs."""
    path = [
        DossierState.SUBMITTED,
        DossierState.ELIGIBILITY_CHECKED,
        DossierState.UNDER_STUDY,
        DossierState.READY_FOR_COMMITTEE,
        DossierState.APPROVED,
        DossierState.TO_FINANCING,
        DossierState.FINANCED,
        DossierState.COMPANY_CREATED,
        DossierState.CLOSED,
    ]
    # Start after the state the dossier is already in (a dossier resubmitted from the portal).
    start = path.index(dossier.state) + 1 if dossier.state in path else 0
    for state in path[start:]:
        if dossier.state == target:
            break
        if state == DossierState.UNDER_STUDY:
            for doc_type in dossier.programme.required_documents.all():
                services.upload_document(dossier, document_type=doc_type, file=pdf(), actor=actor)
        if state == DossierState.READY_FOR_COMMITTEE:
            dossier_study.start_study(dossier, actor=actor)
            study = dossier.study
            checks = {c.item_id: ("met", "vu") for c in study.checks.all()}
            dossier_study.record_study(
                dossier, checks=checks, result=StudyResult.FAVOURABLE, opinion="Avis favorable", actor=actor
            )
        if state in BODY_DECISION_STATES and dossier.state == DossierState.READY_FOR_COMMITTEE:
            # A decision is the committee's: through a session (see tests/committees).
            from tests.committees.factories import decide_in_committee

            dossier = decide_in_committee(dossier, state, actor=actor, reasons=note)
        else:
            if state == DossierState.FINANCED:
                # Every funder approved its line (see tests/financing for how they do).
                from tests.financing.factories import approve_plan_of

                approve_plan_of(dossier)
            if state == DossierState.COMPANY_CREATED:
                # The enterprise is recorded, which takes the dossier there (see tests/enterprises).
                from tests.enterprises.factories import record_enterprise

                record_enterprise(dossier, actor=actor, note=note)
                dossier.refresh_from_db()
                continue
            dossier = services.set_dossier_state(dossier, state, actor=actor, note=note)
    assert dossier.state == target
    return dossier


def put_on_agenda(dossier, *, member):
    """Seat `member` on a committee session of the dossier's organization and put the
    dossier on its agenda (committee members read only the dossiers of their sessions)."""
    from django.utils import timezone

    from rowad.committees.models import AgendaItem, CommitteeSession, SessionMember

    session = CommitteeSession.objects.create(
        organization=dossier.organization, title="Commission", held_at=timezone.now(), place="Oran", quorum=1
    )
    SessionMember.objects.create(session=session, user=member)
    AgendaItem.objects.create(session=session, dossier=dossier)
    return session
