import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile
from django.utils import timezone

from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.imports import processing, services
from rowad.imports.enums import BatchStatus, ImportMode, ProblemKind
from rowad.imports.models import ImportedRecord
from rowad.people.models import Person, PersonNameKey
from tests.factories import PersonFactory
from tests.imports.factories import BAD_ROW, GOOD_ROWS, csv_bytes, xlsx_bytes

pytestmark = pytest.mark.integration


def upload(content: bytes, name="inscriptions.csv"):
    return SimpleUploadedFile(name, content)


def run(
    world, content, *, mode=ImportMode.VALID_ROWS, name="inscriptions.csv", source="Caravane Oran", user=None
):
    user = user or world.users["agency_officer"]
    batch = services.create_batch(
        upload(content, name),
        actor=user,
        source_name=source,
        country="DZ",
        organization=world.oran_agency,
        mode=mode,
        read_now=True,
    )
    batch = services.start_import(batch, actor=user, enqueue=False)
    return processing.run_batch_now(batch.pk)


def test_import_writes_people_keys_history_and_records(world):
    batch = run(world, csv_bytes(GOOD_ROWS))
    assert (batch.status, batch.rows_written, batch.rows_rejected) == (BatchStatus.DONE, 3, 0)
    person = Person.objects.get(national_id="100000000000000001")
    assert (person.phone, person.sort_name, person.organization) == (
        "+213550123456",
        "benali mohamed",
        world.oran_agency,
    )
    assert set(PersonNameKey.objects.filter(person=person).values_list("key", flat=True)) == {
        "mhmd",
        "bn",
        "l",
        "bnl",
    }
    history = list(person.history.values_list("history_type", "history_user", "history_change_reason"))
    assert history == [("+", world.users["agency_officer"].pk, f"import #{batch.pk}")]
    assert ImportedRecord.objects.filter(batch=batch).count() == 3
    assert AuditEntry.objects.filter(action="imports.batch.imported", object_id=str(batch.pk)).count() == 1


def test_import_stores_dates_and_times_as_the_orm_reads_them(world):
    """The bulk path converts date-times once per import, not per row: they must read
    back as the same aware moment in the person and in its history row."""
    before = timezone.now()
    run(world, csv_bytes(GOOD_ROWS))
    person = Person.objects.get(national_id="100000000000000001")
    history = person.history.get()
    assert person.birth_date == datetime.date(1998, 3, 12)
    assert before <= person.created_at == person.updated_at == history.history_date <= timezone.now()


def test_reimport_creates_nothing_and_says_so(world):
    run(world, csv_bytes(GOOD_ROWS))
    again = run(world, csv_bytes(GOOD_ROWS))
    assert (again.status, again.rows_written, again.rows_already) == (BatchStatus.DONE, 0, 3)
    assert Person.objects.count() == 3


def test_valid_rows_mode_writes_good_rows_and_reports_the_bad(world):
    batch = run(world, csv_bytes([*GOOD_ROWS, BAD_ROW]))
    assert (batch.rows_written, batch.rows_rejected) == (3, 1)
    assert sorted(batch.problems.values_list("line", "column")) == [
        (5, "Date de naissance"),
        (5, "Sexe"),
        (5, "Téléphone"),
        (5, "Wilaya"),
    ]


def test_all_or_nothing_with_a_bad_row_writes_nothing(world):
    batch = run(world, csv_bytes([*GOOD_ROWS, BAD_ROW]), mode=ImportMode.ALL_OR_NOTHING)
    assert (batch.status, batch.rows_written, batch.rows_rejected) == (BatchStatus.FAILED, 0, 1)
    assert Person.objects.count() == 0
    assert ImportedRecord.objects.count() == 0


def test_all_or_nothing_cancelled_halfway_rolls_back(world, monkeypatch):
    monkeypatch.setattr(processing, "WRITE_CHUNK", 1)
    original = processing._write_chunk
    calls = []

    def write_then_cancel(batch, rows, **kwargs):
        original(batch, rows, **kwargs)
        calls.append(1)
        if len(calls) == 2:
            type(batch).objects.filter(pk=batch.pk).update(cancel_requested=True)

    monkeypatch.setattr(processing, "_write_chunk", write_then_cancel)
    batch = run(world, csv_bytes(GOOD_ROWS), mode=ImportMode.ALL_OR_NOTHING)
    assert (batch.status, Person.objects.count(), ImportedRecord.objects.count()) == (
        BatchStatus.CANCELLED,
        0,
        0,
    )


def test_valid_rows_cancelled_keeps_whole_chunks_only(world, monkeypatch):
    monkeypatch.setattr(processing, "WRITE_CHUNK", 2)
    monkeypatch.setattr(
        processing,
        "_progress",
        lambda batch, **c: (_ for _ in ()).throw(processing.Cancelled) if c.get("rows_written") else None,
    )
    batch = run(world, csv_bytes(GOOD_ROWS))
    assert (batch.status, batch.rows_written, Person.objects.count()) == (BatchStatus.CANCELLED, 2, 2)


def test_existing_national_id_is_reported_for_review_and_not_updated(world):
    existing = PersonFactory(national_id="100000000000000001", given_name_latin="Original", phone="")
    batch = run(world, csv_bytes(GOOD_ROWS))
    existing.refresh_from_db()
    assert (existing.given_name_latin, existing.phone) == ("Original", "")
    assert (batch.rows_written, batch.rows_review) == (2, 1)
    review = batch.problems.get(kind=ProblemKind.REVIEW)
    assert (review.line, review.code, review.column) == (2, "existing_person", "NIN")
    # The file's values are kept for the reviewer (JSON: dates in ISO, province by id).
    assert review.row == {
        "given_name_ar": "محمد", "family_name_ar": "بن علي", "given_name_latin": "Mohamed",
        "family_name_latin": "Benali", "birth_date": "1998-03-12", "sex": "M", "phone": "+213550123456",
        "province": world.oran.pk,
    }  # fmt: skip


def test_duplicate_inside_the_file_is_rejected(world):
    twin = list(GOOD_ROWS[0])
    twin[0] = "A9"
    batch = run(world, csv_bytes([GOOD_ROWS[0], twin]))
    assert (batch.rows_written, batch.rows_rejected) == (1, 1)
    assert batch.problems.get().code == "duplicate_in_file"


def test_xlsx_import(world):
    batch = run(world, xlsx_bytes(GOOD_ROWS), name="inscriptions.xlsx")
    assert (batch.file_format, batch.rows_written) == ("xlsx", 3)


def test_kobo_import_keys_on_instance_id(world):
    header = ["group_id/prenom", "group_id/nom", "group_id/wilaya", "meta/instanceID", "_uuid"]
    rows = [["Amine", "Bouzid", "31", "uuid:1", "1"], ["Sarah", "Haddad", "31", "uuid:2", "2"]]
    batch = run(world, csv_bytes(rows, header=header, delimiter=","), name="kobo.csv")
    assert (batch.file_format, batch.rows_written) == ("kobo", 2)
    assert set(ImportedRecord.objects.values_list("key", flat=True)) == {"uuid:1", "uuid:2"}


def test_windows_1256_file_import(world):
    batch = run(world, csv_bytes(GOOD_ROWS, encoding="cp1256"))
    assert (batch.encoding, batch.rows_written) == ("cp1256", 3)
    assert Person.objects.filter(family_name_ar="بن علي").count() == 1


def test_field_agent_cannot_import_outside_their_province(world):
    row = list(GOOD_ROWS[0])
    row[9] = "16"  # Alger
    batch = run(world, csv_bytes([row]), user=world.users["field_agent"])
    assert (batch.rows_written, batch.problems.get().code) == (0, "province_scope")


def test_file_over_the_limit_is_refused(world, monkeypatch):
    big = SimpleUploadedFile("big.csv", b"x")
    big.size = 40 * 1024 * 1024
    with pytest.raises(DomainError) as exc:
        services.create_batch(
            big, actor=world.users["agency_officer"], source_name="s", country="DZ", read_now=True
        )
    assert exc.value.code == "too_large"
    assert "40 MB" in exc.value.message


def test_two_imports_of_the_same_file_at_once_one_is_told(world):
    user = world.users["agency_officer"]
    kwargs = dict(actor=user, source_name="Caravane", country="DZ", organization=world.oran_agency)
    first = services.create_batch(upload(csv_bytes(GOOD_ROWS)), **kwargs, read_now=True)
    second = services.create_batch(upload(csv_bytes(GOOD_ROWS)), **kwargs, read_now=True)
    services.start_import(first, actor=user, enqueue=False)
    with pytest.raises(DomainError) as exc:
        services.start_import(second, actor=user, enqueue=False)
    assert exc.value.code == "same_file_running"


def test_double_start_is_refused(world):
    user = world.users["agency_officer"]
    batch = services.create_batch(
        upload(csv_bytes(GOOD_ROWS)), actor=user, source_name="s", country="DZ", read_now=True
    )
    services.start_import(batch, actor=user, enqueue=False)
    with pytest.raises(DomainError) as exc:
        services.start_import(batch, actor=user, enqueue=False)
    assert exc.value.code == "already_started"


def test_check_only_writes_nothing(world):
    user = world.users["agency_officer"]
    batch = services.create_batch(
        upload(csv_bytes([*GOOD_ROWS, BAD_ROW])), actor=user, source_name="s", country="DZ", read_now=True
    )
    batch = services.start_check(batch, actor=user)
    batch = processing.check_batch_now(batch.pk)
    assert (batch.status, batch.rows_valid, batch.rows_rejected, Person.objects.count()) == (
        BatchStatus.VALIDATED,
        3,
        1,
        0,
    )


def test_undo_removes_the_people_with_history(world):
    batch = run(world, csv_bytes(GOOD_ROWS))
    ids = list(Person.objects.values_list("pk", flat=True))
    removed = services.undo_batch(batch, actor=world.users["agency_officer"])
    batch.refresh_from_db()
    assert (removed, batch.status, Person.objects.count()) == (3, BatchStatus.UNDONE, 0)
    deleted = Person.history.filter(id__in=ids, history_type="-")
    assert deleted.count() == 3
    assert AuditEntry.objects.filter(action="imports.batch.undone").count() == 1


def test_undo_refused_when_a_person_was_changed_since(world):
    from rowad.people.services import update_person

    batch = run(world, csv_bytes(GOOD_ROWS))
    person = Person.objects.first()
    update_person(person, data={"address": "Rue 1"}, actor=world.users["agency_officer"])
    with pytest.raises(DomainError) as exc:
        services.undo_batch(batch, actor=world.users["agency_officer"])
    assert exc.value.code == "in_use"
    assert Person.objects.count() == 3


def test_mapping_is_saved_for_the_source(world):
    user = world.users["agency_officer"]
    batch = services.create_batch(
        upload(csv_bytes(GOOD_ROWS)), actor=user, source_name="Partenaire", country="DZ", read_now=True
    )
    services.set_mapping(
        batch,
        mapping={"given_name_latin": "Nom", "family_name_latin": "Prénom"},
        mode="valid-rows",
        actor=user,
    )
    again = services.create_batch(
        upload(csv_bytes(GOOD_ROWS)), actor=user, source_name="Partenaire", country="DZ", read_now=True
    )
    assert again.mapping["given_name_latin"] == "Nom"
    assert again.mapping["family_name_latin"] == "Prénom"


def test_file_without_any_name_column_rejects_every_row(world):
    header = ["NIN", "Téléphone"]
    batch = run(world, csv_bytes([["100000000000000009", "0550123456"]], header=header))
    problem = batch.problems.get()
    assert (batch.rows_written, problem.code, problem.column) == (0, "given_name_ar", "")
    assert problem.message == "Give at least one name, in Arabic or Latin script."


def test_unreadable_stored_file_fails_the_batch_with_a_message(world):
    user = world.users["agency_officer"]
    batch = services.create_batch(
        upload(csv_bytes(GOOD_ROWS)), actor=user, source_name="s", country="DZ", read_now=True
    )
    services.batch_path(batch).write_bytes(b"\x00\x01binary")
    services.start_import(batch, actor=user, enqueue=False)
    batch = processing.run_batch_now(batch.pk)
    assert (batch.status, batch.failure) == (
        BatchStatus.FAILED,
        "This file is not a text (CSV) file. Export the spreadsheet as CSV or XLSX.",
    )


def test_import_writes_target_categories_and_consents_like_a_form(world):
    from rowad.people.models import ConsentRecord
    from tests.factories import TargetCategoryFactory

    resistance = TargetCategoryFactory(code="resistance-family", name_ar="أبناء المجاهدين")
    header = ["ID", "Nom", "Prénom", "Wilaya", "الفئة", "الموافقة", "الموافقة على الاتصال"]
    rows = [
        ["C1", "Benali", "Mohamed", "31", "أبناء المجاهدين", "نعم", "لا"],
        ["C2", "Haddad", "Amina", "31", "", "oui", ""],
        ["C3", "Saidi", "Karim", "31", "", "non", ""],
    ]
    batch = run(world, csv_bytes(rows, header=header))
    assert (batch.rows_written, batch.rows_rejected) == (2, 1)
    assert batch.problems.get().code == "no_consent"
    mohamed = Person.objects.get(family_name_latin="Benali")
    assert list(mohamed.target_categories.all()) == [resistance]
    # The creation history row carries the categories, as a later edit would show them.
    (created,) = mohamed.history.all()
    assert [link.targetcategory for link in created.target_categories.all()] == [resistance]
    consents = {(c.purpose, c.given, c.method) for c in ConsentRecord.objects.filter(person=mohamed)}
    assert consents == {
        ("registration", True, f"import #{batch.pk}"),
        ("contact", False, f"import #{batch.pk}"),
    }
    amina = Person.objects.get(family_name_latin="Haddad")
    assert [(c.purpose, c.given, c.recorded_on) for c in amina.consents.all()] == [
        ("registration", True, timezone.localdate())
    ]
    assert amina.target_categories.count() == 0
    # Consents and categories written by the import do not keep it from being undone.
    assert services.undo_batch(batch, actor=world.users["agency_officer"]) == 2
    assert ConsentRecord.objects.count() == 0
