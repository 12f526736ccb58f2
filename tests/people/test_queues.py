"""The officer's possible duplicates to review: open pairs in scope, oldest found first."""

from __future__ import annotations

import datetime as dt

import pytest
from django.utils import timezone

from rowad.accounts.enums import Role
from rowad.people.models import DuplicateCandidate
from tests.factories import PersonFactory
from tests.queue_helpers import home_queue, labels

pytestmark = pytest.mark.django_db
OFFICER = Role.AGENCY_OFFICER


def _pair(world, name, days, status=DuplicateCandidate.Status.OPEN):
    a = PersonFactory(
        given_name_latin=name, given_name_ar=name, national_id="", organization=world.oran_agency
    )
    b = PersonFactory(
        given_name_latin=name, given_name_ar=name, national_id="", organization=world.oran_agency
    )
    pair = DuplicateCandidate.objects.create(
        person_a=a, person_b=b, score=20, probability=0.99, status=status
    )
    DuplicateCandidate.objects.filter(pk=pair.pk).update(found_at=timezone.now() - dt.timedelta(days=days))
    return pair


def test_open_pairs_oldest_first_exact_count(world):
    _pair(world, "Karim", 1)
    _pair(world, "Amine", 6)
    _pair(world, "Nadia", 3, status=DuplicateCandidate.Status.DISTINCT)
    queue = home_queue(world.users[OFFICER], OFFICER, "people.duplicates_to_review")
    assert queue.count == 2
    assert [label.split(" ")[0] for label in labels(queue)] == ["Amine", "Karim"]
    assert queue.items[0].url.startswith("/people/duplicates/")
    assert queue.more_url == "/people/duplicates/"


def test_an_officer_of_another_province_sees_no_pair(world):
    _pair(world, "Karim", 1)
    assert home_queue(world.outsider, OFFICER, "people.duplicates_to_review").count == 0
