"""Outreach figures count the registrations that became dossiers through the lookup the
dossiers app (above outreach) hands over when it is ready: outreach never imports it."""

import pytest

from rowad.outreach import figures
from rowad.outreach.models import Registration, VisitorTally
from tests.dossiers.factories import make_dossier

from .factories import RegistrationFactory

pytestmark = pytest.mark.integration


def test_figures_count_registrations_that_became_dossiers(world, caravan):
    first = RegistrationFactory(stop=caravan)
    RegistrationFactory(stop=caravan)
    make_dossier(world, holders=[first.person])

    result = figures.compute(Registration.objects.filter(stop=caravan), VisitorTally.objects.none())

    assert (result.registrations, result.became_dossiers) == (2, 1)


def test_figures_dossier_lookup_is_the_dossiers_query():
    from rowad.dossiers.queries import person_ids_with_dossiers

    assert figures._providers["dossiers"] is person_ids_with_dossiers
