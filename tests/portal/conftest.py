import pytest

from rowad.core.sms import MemorySMSBackend
from tests.portal.factories import make_holder


@pytest.fixture(autouse=True)
def _empty_sms_outbox():
    MemorySMSBackend.outbox.clear()
    yield
    MemorySMSBackend.outbox.clear()


@pytest.fixture
def holder(world):
    """(user, account, person) of a signed-up holder in Oran."""
    return make_holder(world.oran_agency, username="holder-amina", given_name_latin="Amina")


@pytest.fixture
def other_holder(world):
    return make_holder(world.oran_agency, username="holder-karim", given_name_latin="Karim")
