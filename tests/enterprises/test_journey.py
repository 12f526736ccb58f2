"""The whole chain after the committee, through the services only: approved → financed →
the enterprise recorded (company created) → its creation steps done → a mentor assigned
→ sessions and visits with jobs → difficulties raise the alert → closed → the dossier
closed; the survival figures and the person's data follow."""

from __future__ import annotations

import datetime

import pytest

from rowad.accounts.enums import Role
from rowad.dossiers import services as dossier_services
from rowad.dossiers.enums import DossierState
from rowad.enterprises import services
from rowad.enterprises.alerts import enterprise_alerts
from rowad.enterprises.definitions import filter_enterprises
from rowad.enterprises.enums import ClosureReason, EnterpriseStatus, LegalForm, LifeEventKind
from rowad.enterprises.models import Enterprise
from rowad.enterprises.queries import topics_for
from tests.dossiers.factories import advance, make_dossier
from tests.enterprises.factories import VALID_DZ

pytestmark = pytest.mark.django_db
DAY = datetime.timedelta(days=1)


def test_from_the_approval_to_the_closure(world):
    officer, mentor = world.users[Role.AGENCY_OFFICER], world.users[Role.MENTOR]
    today = datetime.date.today()
    created_on = today - 800 * DAY
    dossier = advance(make_dossier(world, actor=officer), DossierState.APPROVED, actor=officer)
    dossier = advance(dossier, DossierState.FINANCED, actor=officer)

    enterprise = services.create_enterprise(
        dossier,
        actor=officer,
        legal_form=LegalForm.MICRO_ENTERPRISE,
        activity="Pose de fibre optique",
        created_on=created_on,
        name_latin="Fibre Nour",
        identifiers=VALID_DZ,
        expected_version=dossier.version,
    )
    dossier.refresh_from_db()
    assert dossier.state == DossierState.COMPANY_CREATED
    for step in enterprise.steps.order_by("position"):
        services.complete_step(step, actor=officer, done_on=min(step.due_on, today), reference="vu")
    assert not enterprise.steps.filter(done_on__isnull=True).exists()

    services.assign_mentor(dossier, mentor, actor=officer, started_on=created_on)
    topic = topics_for(dossier.programme).get(code="taxes-social")  # an after-creation topic
    services.record_session(
        dossier, actor=mentor, topic=topic, held_on=created_on + 20 * DAY, notes="Démarrage"
    )
    services.record_visit(enterprise, actor=mentor, visited_on=created_on + 90 * DAY, permanent_men=1)
    services.record_visit(
        enterprise,
        actor=mentor,
        visited_on=today - 10 * DAY,
        permanent_men=2,
        permanent_women=1,
        difficulties=["cash"],
    )
    enterprise.refresh_from_db()
    assert (enterprise.initial_jobs, enterprise.total_jobs) == (1, 3)
    assert [
        a.kind for a in enterprise_alerts(Enterprise.objects.filter(pk=enterprise.pk))[enterprise.pk]
    ] == ["difficulties"]

    services.record_life_event(
        enterprise,
        actor=officer,
        kind=LifeEventKind.CLOSED,
        occurred_on=today - DAY,
        reason=ClosureReason.FINANCIAL,
    )
    enterprise.refresh_from_db()
    assert (enterprise.status, enterprise.ended_on) == (EnterpriseStatus.CLOSED, today - DAY)
    # Closed after its second anniversary: alive at 1 and 2 years, dead before 3 (not yet observed).
    everything = Enterprise.objects.all()
    assert list(filter_enterprises(everything, {"alive_at": "2"})) == [enterprise]
    assert list(filter_enterprises(everything, {"died_before": "3"})) == [enterprise]
    assert not enterprise_alerts(Enterprise.objects.filter(pk=enterprise.pk))

    dossier = dossier_services.set_dossier_state(dossier, DossierState.CLOSED, actor=officer)
    assert dossier.state == DossierState.CLOSED
