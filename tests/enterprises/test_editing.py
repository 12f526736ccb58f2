"""Correcting an enterprise, its owners, and its creation steps (services/editing.py)."""

from __future__ import annotations

import datetime

import pytest
from django.core.files.uploadedfile import SimpleUploadedFile

from rowad.core.models import AuditEntry
from rowad.dossiers.models import DossierHolder
from rowad.enterprises.enums import ErrorCode, LegalForm, MemberRole, StepState
from rowad.enterprises.errors import EnterpriseConflict, EnterpriseError
from rowad.enterprises.models import CreationStep, Enterprise
from rowad.enterprises.services.editing import (
    complete_step,
    reopen_step,
    set_members,
    step_state,
    update_enterprise,
)
from tests.dossiers.factories import PDF_BYTES, PNG_BYTES
from tests.enterprises.factories import VALID_DZ, record_enterprise
from tests.enterprises.pages_helpers import financed_dossier

pytestmark = pytest.mark.django_db
TODAY = datetime.date.today()
WEBP_BYTES = b"RIFF\x24\x00\x00\x00WEBPVP8 \x18\x00\x00\x00" + b"\x00" * 24


@pytest.fixture
def officer(world):
    return world.users["agency_officer"]


@pytest.fixture
def enterprise(world, officer):
    return record_enterprise(financed_dossier(world), actor=officer, identifiers=VALID_DZ, name_latin="Fibre")


def _fresh(enterprise):
    return Enterprise.objects.get(pk=enterprise.pk)


# --- update_enterprise ---


def test_update_changes_the_given_fields_only_and_is_audited(enterprise, officer):
    version = _fresh(enterprise).version
    updated = update_enterprise(
        enterprise, actor=officer, expected_version=version, name_latin="Fibre Oran", address="Rue 2"
    )
    assert (updated.name_latin, updated.address, updated.activity) == (
        "Fibre Oran",
        "Rue 2",
        enterprise.activity,
    )
    assert updated.version == version + 1
    assert AuditEntry.objects.filter(action="enterprises.enterprise.updated").exists()


def test_update_rechecks_the_identifiers_and_keeps_the_others(enterprise, officer):
    updated = update_enterprise(enterprise, actor=officer, identifiers={"statistical_id": "098731010099999"})
    assert updated.statistical_id == "098731010099999" and updated.tax_id == VALID_DZ["tax_id"]
    with pytest.raises(EnterpriseError) as error:
        update_enterprise(enterprise, actor=officer, identifiers={"tax_id": "12AB"})
    assert error.value.code == ErrorCode.INVALID_IDENTIFIER and error.value.field == "tax_id"
    with pytest.raises(EnterpriseError) as error:
        update_enterprise(enterprise, actor=officer, identifiers={"ice": "001561191000066"})
    assert error.value.field == "ice"  # a Moroccan identifier on an Algerian enterprise
    assert _fresh(enterprise).tax_id == VALID_DZ["tax_id"] and _fresh(enterprise).ice == ""


def test_a_stale_update_is_a_conflict_and_changes_nothing(enterprise, officer):
    version = _fresh(enterprise).version
    update_enterprise(enterprise, actor=officer, expected_version=version, name_latin="First")
    with pytest.raises(EnterpriseConflict):
        update_enterprise(enterprise, actor=officer, expected_version=version, name_latin="Second")
    assert _fresh(enterprise).name_latin == "First"


def test_update_refuses_a_blank_activity_and_no_name(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        update_enterprise(enterprise, actor=officer, activity="  ")
    assert error.value.field == "activity"
    with pytest.raises(EnterpriseError) as error:
        update_enterprise(enterprise, actor=officer, name_ar="", name_latin="")
    assert error.value.field == "name_ar"


def test_only_an_officer_reaching_the_enterprise_updates_it(world, enterprise):
    for user in (world.users["director"], world.users["mentor"], world.outsider):
        with pytest.raises(EnterpriseError) as error:
            update_enterprise(enterprise, actor=user, name_latin="Nope")
        assert error.value.code == ErrorCode.NOT_ALLOWED
    assert _fresh(enterprise).name_latin == "Fibre"


# --- set_members ---


def _two_holder_sarl(world, officer):
    dossier = financed_dossier(world, holders=2)
    people = [
        link.person for link in DossierHolder.objects.filter(dossier=dossier).order_by("-is_lead", "id")
    ]
    return record_enterprise(dossier, actor=officer, legal_form=LegalForm.SARL), people


def test_an_owner_who_leaves_gets_left_on_and_the_new_manager_is_snapshotted(world, officer):
    enterprise, (first, second) = _two_holder_sarl(world, officer)
    second.sex, second.birth_date = "F", TODAY.replace(year=TODAY.year - 22)
    second.save()
    set_members(
        enterprise, [{"person": second.pk, "role": MemberRole.MANAGER, "share": "100"}], actor=officer
    )
    gone = enterprise.members.get(person=first)
    assert gone.left_on == TODAY  # kept, not deleted
    assert enterprise.members.filter(left_on__isnull=True).count() == 1
    fresh = _fresh(enterprise)
    assert fresh.manager_sex == "F" and fresh.manager_age_band == "under_25"
    # The former owner may come back: a new membership row.
    set_members(
        enterprise,
        [
            {"person": second.pk, "role": MemberRole.MANAGER, "share": "60"},
            {"person": first.pk, "role": MemberRole.ASSOCIATE, "share": "40"},
        ],
        actor=officer,
    )
    assert enterprise.members.filter(person=first).count() == 2


@pytest.mark.parametrize(
    ("shares", "code"),
    [(("50", "40"), ErrorCode.SHARES), (("50", None), ErrorCode.SHARES)],
)
def test_owners_shares_must_make_100(world, officer, shares, code):
    enterprise, (first, second) = _two_holder_sarl(world, officer)
    with pytest.raises(EnterpriseError) as error:
        set_members(
            enterprise,
            [
                {"person": first.pk, "role": MemberRole.MANAGER, "share": shares[0]},
                {"person": second.pk, "role": MemberRole.ASSOCIATE, "share": shares[1]},
            ],
            actor=officer,
        )
    assert error.value.code == code
    assert enterprise.members.filter(left_on__isnull=False).count() == 0


def test_an_owner_who_is_not_a_holder_is_refused(world, officer, enterprise):
    from tests.factories import PersonFactory

    stranger = PersonFactory(national_id="")
    with pytest.raises(EnterpriseError) as error:
        set_members(enterprise, [{"person": stranger.pk, "role": MemberRole.MANAGER}], actor=officer)
    assert error.value.code == ErrorCode.MEMBERS


def test_set_members_checks_the_version(world, officer):
    enterprise, (first, _second) = _two_holder_sarl(world, officer)
    with pytest.raises(EnterpriseConflict):
        set_members(
            enterprise,
            [{"person": first.pk, "role": MemberRole.MANAGER, "share": "100"}],
            actor=officer,
            expected_version=_fresh(enterprise).version - 1,
        )


# --- creation steps ---


def test_completing_a_step_with_a_pdf_then_reopening_it(enterprise, officer):
    step = enterprise.steps.first()
    assert step_state(step) == StepState.DUE
    done = complete_step(
        step,
        actor=officer,
        done_on=TODAY.isoformat(),
        reference="CNRC-1",
        document=SimpleUploadedFile("registre.pdf", PDF_BYTES),
    )
    assert done.done_on == TODAY and done.document_name == "registre.pdf" and done.done_by == officer
    assert step_state(done) == StepState.DONE
    stored = done.document.name
    assert done.document.storage.exists(stored)
    with pytest.raises(EnterpriseError) as error:
        complete_step(done, actor=officer, done_on=TODAY)
    assert error.value.code == ErrorCode.STEP_DONE
    reopened = reopen_step(done, actor=officer)
    assert reopened.done_on is None and not reopened.document and reopened.reference == ""
    with pytest.raises(EnterpriseError):
        reopen_step(reopened, actor=officer)


def test_a_png_scan_is_accepted(enterprise, officer):
    step = complete_step(
        enterprise.steps.first(),
        actor=officer,
        done_on=TODAY,
        document=SimpleUploadedFile("scan.png", PNG_BYTES),
    )
    assert step.document_name == "scan.png"


def test_a_step_late_once_its_due_date_passed(enterprise):
    step = enterprise.steps.first()
    assert step_state(step, step.due_on + datetime.timedelta(days=1)) == StepState.LATE
    assert step_state(step, step.due_on) == StepState.DUE


@pytest.mark.parametrize(
    ("upload", "code"),
    [
        (SimpleUploadedFile("scan.webp", WEBP_BYTES), "file_type_refused"),
        (SimpleUploadedFile("scan.txt", b"hello"), "file_type_refused"),
        (SimpleUploadedFile("scan.pdf", PNG_BYTES), "content_mismatch"),
        (SimpleUploadedFile("scan.pdf", b""), "empty_file"),
    ],
)
def test_a_bad_document_is_refused_and_nothing_stored(enterprise, officer, upload, code):
    step = enterprise.steps.first()
    with pytest.raises(EnterpriseError) as error:
        complete_step(step, actor=officer, done_on=TODAY, document=upload)
    assert error.value.code == code and error.value.field == "document"
    assert CreationStep.objects.get(pk=step.pk).done_on is None


def test_a_document_over_the_limit_is_refused(enterprise, officer, settings):
    settings.ROWAD_DOCUMENT_MAX_BYTES = 100
    with pytest.raises(EnterpriseError) as error:
        complete_step(
            enterprise.steps.first(),
            actor=officer,
            done_on=TODAY,
            document=SimpleUploadedFile("big.pdf", PDF_BYTES + b"0" * 200),
        )
    assert error.value.code == "file_too_large"


def test_a_step_done_tomorrow_is_refused(enterprise, officer):
    with pytest.raises(EnterpriseError) as error:
        complete_step(enterprise.steps.first(), actor=officer, done_on=TODAY + datetime.timedelta(days=1))
    assert error.value.code == ErrorCode.FUTURE_DATE


def test_only_a_managing_officer_completes_a_step(world, enterprise):
    step = enterprise.steps.first()
    for user in (world.users["mentor"], world.users["director"], world.outsider):
        with pytest.raises(EnterpriseError) as error:
            complete_step(step, actor=user, done_on=TODAY)
        assert error.value.code == ErrorCode.NOT_ALLOWED
    assert CreationStep.objects.get(pk=step.pk).done_on is None
