"""Merging people, undoing merges, the review queue decisions and the runs."""

from __future__ import annotations

import csv
import io
from datetime import date

import pytest
from django.core.management import call_command
from django.test import override_settings

from rowad.core.errors import ConflictError
from rowad.core.models import AuditEntry
from rowad.people import duplicates
from rowad.people.merging import MergeError, merge_people, person_relations, undo_merge
from rowad.people.models import ConsentRecord, DuplicateCandidate, Person, PersonMerge
from rowad.people.services import record_consent
from tests.factories import PersonFactory

pytestmark = pytest.mark.integration


def _twins_and_duplicate(world):
    """Mohamed Benali in Latin and محمد بن علي in Arabic (the same person), and his twin."""
    latin = PersonFactory(
        given_name_ar="",
        family_name_ar="",
        given_name_latin="Mouhamed",
        family_name_latin="Ben Ali",
        national_id="",
        phone="+213550123456",
        birth_date=date(1995, 3, 14),
        organization=world.oran_agency,
    )
    arabic = PersonFactory(
        given_name_ar="محمد",
        family_name_ar="بن علي",
        given_name_latin="",
        family_name_latin="",
        national_id="123456789012345678",
        phone="+213550123456",
        birth_date=date(1995, 3, 14),
        organization=world.oran_agency,
    )
    twin = PersonFactory(
        given_name_ar="ياسين",
        family_name_ar="بن علي",
        given_name_latin="Yacine",
        family_name_latin="Benali",
        national_id="987654321098765432",
        phone="+213550123456",
        birth_date=date(1995, 3, 14),
        organization=world.oran_agency,
    )
    for i, (g, f) in enumerate(
        [("Karim", "Saidi"), ("Amina", "Haddad"), ("Omar", "Tazi"), ("Leila", "Kadri")]
    ):
        PersonFactory(
            given_name_latin=g,
            family_name_latin=f,
            given_name_ar="",
            family_name_ar="",
            national_id=f"{i:018d}",
            phone=f"+2135601234{i:02d}",
            birth_date=date(1990 + i, 1 + i, 10 + i),
            sex="MF"[i % 2],
        )
    return latin, arabic, twin


def test_person_relations_cover_consents_and_categories():
    labels = {(m._meta.label, f) for m, f in person_relations()}
    assert {("people.ConsentRecord", "person"), ("people.Person", "merged_into")} <= labels


def test_merge_people_repoints_consents(world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    consent = record_consent(merged, purpose="contact", actor=world.users["agency_officer"])
    merge_people(survivor, merged, actor=world.users["agency_officer"])
    consent.refresh_from_db()
    assert consent.person_id == survivor.pk


def test_merge_people_marks_merged_and_hides_it(world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    merge_people(survivor, merged, actor=world.users["agency_officer"])
    merged.refresh_from_db()
    assert merged.merged_into_id == survivor.pk


def test_merge_people_moves_national_id_to_blank_survivor(world):
    survivor = PersonFactory(national_id="", phone="")
    merged = PersonFactory(national_id="123456789012345678", phone="+213550123456")
    merge = merge_people(survivor, merged, actor=world.users["agency_officer"])
    survivor.refresh_from_db()
    assert (survivor.national_id, survivor.phone, sorted(merge.filled)) == (
        "123456789012345678",
        "+213550123456",
        ["national_id", "phone"],
    )


def test_merge_people_writes_audit_and_history(world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    merge_people(survivor, merged, actor=world.users["agency_officer"])
    assert AuditEntry.objects.filter(action="people.person.merged", object_id=str(survivor.pk)).count() == 1
    assert merged.history.first().merged_into_id == survivor.pk


def test_merge_people_same_person_refused(world):
    person = PersonFactory(national_id="")
    with pytest.raises(MergeError):
        merge_people(person, person, actor=world.users["agency_officer"])


def test_merge_people_twice_refused(world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    merge_people(survivor, merged, actor=None)
    with pytest.raises(ConflictError):
        merge_people(survivor, merged, actor=None)


def test_undo_merge_restores_everything(world):
    survivor = PersonFactory(national_id="", phone="")
    merged = PersonFactory(national_id="123456789012345678", phone="+213550123456")
    consent = record_consent(merged, purpose="contact", actor=None)
    merge = merge_people(survivor, merged, actor=None)
    undo_merge(merge, actor=world.users["agency_officer"])
    survivor.refresh_from_db()
    merged.refresh_from_db()
    consent.refresh_from_db()
    assert (
        survivor.national_id,
        survivor.phone,
        merged.national_id,
        merged.merged_into_id,
        consent.person_id,
    ) == (
        "",
        "",
        "123456789012345678",
        None,
        merged.pk,
    )


def test_undo_merge_twice_refused(world):
    merge = merge_people(PersonFactory(national_id=""), PersonFactory(national_id=""), actor=None)
    undo_merge(merge, actor=None)
    with pytest.raises(ConflictError):
        undo_merge(merge, actor=None)


def test_undo_merge_reopens_the_pair(world):
    a, b = PersonFactory(national_id=""), PersonFactory(national_id="")
    pair = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=20, probability=0.99)
    merge = duplicates.merge_candidate(pair, survivor_id=a.pk, actor=None)
    undo_merge(merge, actor=None)
    pair.refresh_from_db()
    assert pair.status == DuplicateCandidate.Status.OPEN


def test_merge_candidate_bad_survivor_refused(world):
    a, b, c = PersonFactory(national_id=""), PersonFactory(national_id=""), PersonFactory(national_id="")
    pair = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=20, probability=0.99)
    with pytest.raises(ConflictError):
        duplicates.merge_candidate(pair, survivor_id=c.pk, actor=None)


def test_mark_distinct_twice_refused(world):
    a, b = PersonFactory(national_id=""), PersonFactory(national_id="")
    pair = DuplicateCandidate.objects.create(person_a=a, person_b=b, score=20, probability=0.99)
    duplicates.mark_distinct(pair, actor=None)
    with pytest.raises(ConflictError):
        duplicates.mark_distinct(pair, actor=None)


def test_find_duplicates_finds_cross_script_pair_not_twin(world):
    latin, arabic, twin = _twins_and_duplicate(world)
    duplicates.find_duplicates()
    pairs = set(DuplicateCandidate.objects.values_list("person_a_id", "person_b_id"))
    assert (min(latin.pk, arabic.pk), max(latin.pk, arabic.pk)) in pairs
    assert (min(twin.pk, arabic.pk), max(twin.pk, arabic.pk)) not in pairs


def test_find_duplicates_never_reproposes_distinct(world):
    latin, arabic, _twin = _twins_and_duplicate(world)
    duplicates.find_duplicates()
    pair = DuplicateCandidate.objects.get(
        person_a_id=min(latin.pk, arabic.pk), person_b_id=max(latin.pk, arabic.pk)
    )
    duplicates.mark_distinct(pair, actor=None)
    duplicates.find_duplicates()
    pair.refresh_from_db()
    same_pair = DuplicateCandidate.objects.filter(person_a_id=pair.person_a_id, person_b_id=pair.person_b_id)
    assert (pair.status, same_pair.count()) == ("distinct", 1)


def test_find_duplicates_twice_creates_nothing_new(world):
    _twins_and_duplicate(world)
    duplicates.find_duplicates()
    first = DuplicateCandidate.objects.count()
    duplicates.find_duplicates()
    assert DuplicateCandidate.objects.count() == first


def test_find_duplicates_incremental_only_new_people(world):
    _twins_and_duplicate(world)
    duplicates.find_duplicates()
    DuplicateCandidate.objects.all().delete()
    PersonFactory(
        given_name_latin="Mohammed",
        family_name_latin="Benali",
        given_name_ar="",
        family_name_ar="",
        national_id="",
        phone="0550 12 34 56",
        birth_date=date(1995, 3, 14),
    )
    run = duplicates.find_duplicates(incremental=True)
    assert (run.kind, run.new_people) == ("incremental", 1)


@override_settings(ROWAD_DEDUP_AUTO_MERGE_SCORE=15)
def test_find_duplicates_auto_merges_above_setting(world):
    latin, arabic, _twin = _twins_and_duplicate(world)
    run = duplicates.find_duplicates()
    merge = PersonMerge.objects.get()
    assert (run.auto_merged, merge.automatic, {merge.survivor_id, merge.merged_id}) == (
        1,
        True,
        {latin.pk, arabic.pk},
    )


def test_find_duplicates_command_exports_csv(world, tmp_path):
    _twins_and_duplicate(world)
    path = tmp_path / "pairs.csv"
    call_command("find_duplicates", "--export", str(path), stdout=io.StringIO())
    rows = list(csv.reader(path.open(encoding="utf-8")))
    assert rows[0] == duplicates.EXPORT_HEADER
    assert len(rows) == 1 + DuplicateCandidate.objects.filter(status="open").count()


def test_match_incoming_finds_registry_person(world):
    _latin, arabic, _twin = _twins_and_duplicate(world)
    matches = duplicates.match_incoming(
        [
            {
                "given_name_latin": "Mohammed",
                "family_name_latin": "Benali",
                "birth_date": "1995-03-14",
                "phone": "0550 12 34 56",
                "sex": "M",
                "country": "DZ",
            },
            {
                "given_name_latin": "Nobody",
                "family_name_latin": "Unknown",
                "birth_date": "2001-01-02",
                "country": "DZ",
            },
        ]
    )
    assert {(m.row, m.person_id) for m in matches if m.row == 0} >= {(0, arabic.pk)}
    assert [m for m in matches if m.row == 1] == []


def test_match_incoming_empty_rows():
    assert duplicates.match_incoming([]) == []


def test_consent_count_unchanged_by_merge(world):
    survivor, merged = PersonFactory(national_id=""), PersonFactory(national_id="")
    record_consent(survivor, purpose="contact", actor=None)
    record_consent(merged, purpose="contact", actor=None)
    merge_people(survivor, merged, actor=None)
    assert (
        ConsentRecord.objects.filter(person=survivor).count(),
        Person.objects.filter(merged_into=survivor).count(),
    ) == (2, 1)
