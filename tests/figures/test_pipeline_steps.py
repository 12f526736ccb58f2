"""The dossier steps of the funnel select the dossiers that reached a step by id (see
definitions/pipeline.py): each dossier once, only those with a record of the step."""

from __future__ import annotations

import pytest

from rowad.accounts.scope import Scope
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import StateChange
from rowad.figures import engine
from rowad.figures.indicators import REGISTRY
from tests.dossiers.factories import advance, make_dossier

pytestmark = pytest.mark.django_db

EVERYTHING = Scope(user_id=None, is_platform_admin=True)


def test_submitted_counts_only_dossiers_with_a_submission(world):
    submitted = make_dossier(world)
    make_dossier(world)  # still an idea
    advance(submitted, DossierState.SUBMITTED, actor=world.users["agency_officer"])

    rows = engine.records(REGISTRY["submitted"], EVERYTHING, engine.Filters(country="DZ"))

    assert list(rows.values_list("pk", flat=True)) == [submitted.pk]
    assert engine.total(REGISTRY["submitted"], EVERYTHING, engine.Filters(country="DZ")).value == 1


def test_submitted_twice_counts_once_on_the_first_day(world):
    dossier = make_dossier(world)
    advance(dossier, DossierState.SUBMITTED, actor=world.users["agency_officer"])
    first = StateChange.objects.get(dossier=dossier, to_state=DossierState.SUBMITTED)
    StateChange.objects.create(
        dossier=dossier, from_state=DossierState.TO_REVISE, to_state=DossierState.SUBMITTED
    )

    rows = engine.records(REGISTRY["submitted"], EVERYTHING, engine.Filters(country="DZ"))

    assert [row.reached_on for row in rows] == [engine._as_date(first.created_at.astimezone())]
    assert engine.total(REGISTRY["submitted"], EVERYTHING, engine.Filters(country="DZ")).value == 1


def test_financed_is_empty_without_a_disbursement(world):
    dossier = make_dossier(world)
    advance(dossier, DossierState.APPROVED, actor=world.users["agency_officer"])

    assert engine.total(REGISTRY["approved"], EVERYTHING, engine.Filters(country="DZ")).value == 1
    assert engine.total(REGISTRY["financed"], EVERYTHING, engine.Filters(country="DZ")).value == 0


def test_totals_do_not_read_again_the_figures_known(world):
    from django.db import connection
    from django.test.utils import CaptureQueriesContext

    from rowad.figures.queries import funnel, totals

    dossier = make_dossier(world)
    advance(dossier, DossierState.SUBMITTED, actor=world.users["agency_officer"])
    filters = engine.Filters(country="DZ")
    known = {step.indicator.code: step.figure for step in funnel(EVERYTHING, filters)}

    with CaptureQueriesContext(connection) as captured:
        pipeline = totals(EVERYTHING, filters, "pipeline", known)

    assert {f.indicator: f.value for f in pipeline} == {
        f.indicator: f.value for f in totals(EVERYTHING, filters, "pipeline")
    }
    assert {f.indicator: f.value for f in pipeline}["submitted"] == 1
    assert len(captured.captured_queries) == 0
