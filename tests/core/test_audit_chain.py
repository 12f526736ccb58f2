"""The audit trail is append-only in the database and chained by hashes."""

from __future__ import annotations

import io
import threading
import time

import pytest
from django.core.management import CommandError, call_command
from django.db import IntegrityError, connection, connections, transaction

from rowad.core import chain
from rowad.core.audit import audit_entry, entries_for, record_action, record_actions
from rowad.core.models import AuditChainHead, AuditEntry, AuditText
from tests.factories import UserFactory

pytestmark = pytest.mark.django_db


def _three(actor=None):
    user = actor or UserFactory()
    return [record_action("tests.thing.done", user, actor=user, step=i, amount="1.50") for i in range(3)]


def _verify():
    out = io.StringIO()
    call_command("verify_audit_chain", stdout=out)
    return out.getvalue()


def _raw(sql, params=()):
    """Run `sql` with the append-only triggers off (a tamperer with the owner's rights)."""
    chain.drop_triggers(connection)
    try:
        with connection.cursor() as cursor:
            cursor.execute(sql, params)
    finally:
        chain.install_triggers(connection)


def test_audit_entries_are_numbered_and_chained():
    first, second, third = _three()

    assert (first.seq, second.seq, third.seq) == (1, 2, 3)
    assert second.hash == chain.entry_hash(first.hash, second)
    head = AuditChainHead.objects.get()
    assert (head.seq, head.hash) == (3, third.hash)
    assert "3 entries verified" in _verify()


def test_the_chained_fields_read_back_as_written():
    entry = record_action(
        "tests.thing.done", UserFactory(), actor=None, nested={"b": [1, 2.0, 1e20], "a": "é"}
    )

    stored = AuditEntry.objects.get(pk=entry.pk)

    assert chain.entry_hash(chain.GENESIS, stored) == entry.hash


def test_updating_an_entry_is_refused_by_the_database():
    entry = _three()[0]

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).update(action="tests.thing.undone")
    with pytest.raises(IntegrityError), transaction.atomic():
        entry.data = {"step": 9}
        entry.save()

    assert AuditEntry.objects.get(pk=entry.pk).action == "tests.thing.done"


def test_deleting_an_entry_is_refused_by_the_database():
    entry = _three()[0]

    with pytest.raises(IntegrityError), transaction.atomic():
        AuditEntry.objects.filter(pk=entry.pk).delete()
    with pytest.raises(IntegrityError), transaction.atomic(), connection.cursor() as cursor:
        cursor.execute("DELETE FROM core_auditentry")

    assert AuditEntry.objects.count() == 3


def test_the_triggers_are_installed():
    assert chain.triggers_installed(connection)


def test_an_edited_entry_is_detected():
    second = _three()[1]
    _raw("UPDATE core_auditentry SET data = %s WHERE id = %s", ['{"step": 7, "amount": "1.50"}', second.pk])

    with pytest.raises(CommandError, match=r"altered\) at entry 2"):
        _verify()


def test_a_removed_entry_is_detected():
    second = _three()[1]
    _raw("DELETE FROM core_auditentry WHERE id = %s", [second.pk])

    with pytest.raises(CommandError, match=r"gap\) at entry 3"):
        _verify()


def test_a_removed_tail_is_detected():
    third = _three()[2]
    _raw("DELETE FROM core_auditentry WHERE id = %s", [third.pk])

    with pytest.raises(CommandError, match=r"tail\)"):
        _verify()


def test_a_rehashed_forgery_is_detected_by_the_next_entry():
    first, second, _third = _three()
    forged = AuditEntry.objects.get(pk=second.pk)
    forged.action = "tests.thing.forged"
    forged.hash = chain.entry_hash(first.hash, forged)  # the forger recomputes its own hash
    _raw(
        "UPDATE core_auditentry SET action = %s, hash = %s WHERE id = %s",
        [forged.action, forged.hash, second.pk],
    )

    with pytest.raises(CommandError, match=r"altered\) at entry 3"):
        _verify()


def test_bulk_appends_continue_the_chain():
    user = UserFactory()
    record_action("tests.thing.done", user, actor=user)
    record_actions([audit_entry("tests.thing.batch", user, actor=user, n=i) for i in range(4)])
    AuditEntry.objects.bulk_create([AuditEntry(action="tests.thing.raw", object_type="x", object_id="1")])

    assert list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True)) == [1, 2, 3, 4, 5, 6]
    assert "6 entries verified" in _verify()


def test_free_texts_are_kept_beside_the_chained_entry():
    user = UserFactory()
    entry = record_action("tests.thing.done", user, actor=user, reason="Vu Karim Benali", step=1)

    stored = entries_for(user).get()
    assert stored.data == {"step": 1}
    assert stored.details == {"step": 1, "reason": "Vu Karim Benali"}
    AuditText.objects.filter(entry=entry).update(texts={"reason": "—"})  # an erasure may scrub it
    assert "1 entries verified" in _verify()


def test_an_account_that_acted_cannot_be_deleted():
    user = UserFactory()
    record_action("tests.thing.done", user, actor=user)

    with pytest.raises(Exception, match="protected"):
        user.delete()


@pytest.mark.django_db(transaction=True)
def test_the_flush_command_empties_the_table_and_keeps_the_triggers():
    _three()

    call_command("flush", interactive=False, verbosity=0)

    assert AuditEntry.objects.count() == 0
    assert chain.triggers_installed(connection)
    assert _three()[0].seq == 1  # a new chain after a flush


@pytest.mark.skipif(connection.vendor != "postgresql", reason="SQLite serialises writers itself")
@pytest.mark.django_db(transaction=True)
def test_concurrent_appends_keep_one_linear_chain():
    user = UserFactory()
    record_action("tests.thing.done", user, actor=user)
    workers, per_worker = 6, 25
    start = threading.Barrier(workers)
    errors = []

    def append(n):
        try:
            start.wait()
            for i in range(per_worker):
                with transaction.atomic():
                    record_action("tests.thing.concurrent", user, actor=user, worker=n, i=i)
                    time.sleep(0.001)  # hold the lock while the transaction is open
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)
        finally:
            connections.close_all()

    threads = [threading.Thread(target=append, args=(n,)) for n in range(workers)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()

    assert errors == []
    seqs = list(AuditEntry.objects.order_by("seq").values_list("seq", flat=True))
    assert seqs == list(range(1, workers * per_worker + 2))
    assert f"{workers * per_worker + 1} entries verified" in _verify()
