"""The chain of tests/figures/chain.py, built once per module (rolled back after it)."""

from __future__ import annotations

import pytest
from django.db import transaction

from tests.figures.chain import build_chain


@pytest.fixture(scope="module")
def chain(django_db_setup, django_db_blocker):
    with django_db_blocker.unblock(), transaction.atomic():
        built = build_chain()
        yield built
        transaction.set_rollback(True)
