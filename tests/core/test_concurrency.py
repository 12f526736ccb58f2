"""rowad.core.concurrency: the one stale-edit check and history actor every app uses."""

from datetime import UTC, datetime

import pytest
from django.contrib.auth.models import AnonymousUser

from rowad.core.concurrency import STALE_EDIT, acting_user, check_version
from rowad.core.errors import ConflictError

pytestmark = pytest.mark.unit


class AppConflict(ConflictError):
    pass


class Actor:
    is_authenticated = True


def test_check_version_same_counter_passes():
    check_version(3, "3", "changed")
    check_version(3, 3, "changed")


@pytest.mark.parametrize("expected", [None, ""])
def test_check_version_without_version_is_not_checked(expected):
    check_version(3, expected, "changed")


@pytest.mark.parametrize("expected", ["2", 4, "x"])
def test_check_version_other_counter_is_a_stale_edit(expected):
    with pytest.raises(AppConflict) as error:
        check_version(3, expected, "changed", error=AppConflict)
    assert (error.value.code, error.value.status_code, error.value.message) == (STALE_EDIT, 409, "changed")


def test_check_version_timestamp_compares_the_loaded_isoformat():
    loaded = datetime(2026, 9, 3, 10, 0, tzinfo=UTC)
    check_version(loaded, loaded.isoformat(), "changed")
    with pytest.raises(ConflictError) as error:
        check_version(loaded.replace(minute=1), loaded.isoformat(), "changed")
    assert error.value.code == "stale_edit"


def test_acting_user_names_only_an_authenticated_user():
    actor = Actor()
    assert (acting_user(actor), acting_user(AnonymousUser()), acting_user(None)) == (actor, None, None)
