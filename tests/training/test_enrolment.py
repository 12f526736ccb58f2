"""Enrolment and the waiting list: eligibility refused with reasons, never over capacity,
nobody twice, the waiting list in order and promoted when a seat frees, a cooperative's
holders all enrolled, the trainee told where they consented, and the pages scoped."""

from __future__ import annotations

import uuid

import pytest
from django.core import mail
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.models import AuditEntry
from rowad.core.sms import MemorySMSBackend
from rowad.dossiers.enums import DossierState, LegalForm
from rowad.messaging.models import Message
from rowad.people.services import record_consent
from rowad.training import queries
from rowad.training.enums import CohortState, EnrolmentSource, EnrolmentStatus, ErrorCode
from rowad.training.models import Cohort, Enrolment
from rowad.training.services import enrolment as services
from tests.committees.factories import DossierFactory
from tests.factories import PersonFactory
from tests.outreach.factories import EventFactory, RegistrationFactory
from tests.training.factories import CohortFactory, CourseFactory, EnrolmentFactory

pytestmark = [pytest.mark.integration, pytest.mark.django_db]

REGISTRY = EnrolmentSource.REGISTRY


@pytest.fixture(autouse=True)
def _empty_outbox():
    MemorySMSBackend.outbox.clear()


@pytest.fixture
def cohort(world):
    course = CourseFactory(programme__operator=world.oran_agency)
    return CohortFactory(course=course, capacity=2, province=world.oran)


def person(**kwargs):
    return PersonFactory(national_id="", **kwargs)


def enrol(cohort, who, officer, **kwargs):
    return services.enrol(cohort, who, source=REGISTRY, actor=officer, **kwargs)


def statuses(cohort) -> list[tuple[str, str]]:
    return list(
        Enrolment.objects.filter(cohort=cohort)
        .order_by("id")
        .values_list("person__given_name_latin", "status")
    )


def test_enrol_within_capacity_then_waiting_list(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    people = [person(given_name_latin=name) for name in ("Amine", "Karim", "Nadia", "Sara")]
    made = [enrol(cohort, p, officer) for p in people]

    assert statuses(cohort) == [
        ("Amine", "enrolled"),
        ("Karim", "enrolled"),
        ("Nadia", "waitlisted"),
        ("Sara", "waitlisted"),
    ]
    assert [queries.waiting_position(e) for e in made] == [None, None, 1, 2]
    assert made[2].waitlisted_at is not None and made[2].enrolled_at is None
    assert queries.seats_taken(cohort) == 2
    assert set(
        AuditEntry.objects.filter(object_type="training.enrolment").values_list("action", flat=True)
    ) == {
        "training.enrolment.enrolled",
        "training.enrolment.waitlisted",
    }
    assert made[0].history.first().history_user == officer
    assert [line["rule"] for line in made[0].eligibility] == ["cohort_open", "not_elsewhere", "not_passed"]


def test_enrol_counts_seats_under_the_lock_not_from_a_stale_cohort(world, cohort):
    """Two officers loaded the cohort with one seat left; the second request, run after the
    first committed, counts the seats again on the locked row and waitlists."""
    officer = world.users[Role.AGENCY_OFFICER]
    enrol(cohort, person(), officer)
    first_view, second_view = Cohort.objects.get(pk=cohort.pk), Cohort.objects.get(pk=cohort.pk)
    Cohort.objects.filter(pk=cohort.pk).update(capacity=2)
    first_view.capacity = second_view.capacity = 50  # what each page believed

    assert enrol(first_view, person(), officer).status == EnrolmentStatus.ENROLLED
    assert enrol(second_view, person(), officer).status == EnrolmentStatus.WAITLISTED
    assert queries.seats_taken(cohort) == 2


def test_enrol_same_person_twice_refused_with_message(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    amine = person(given_name_latin="Amine", family_name_latin="Saidi", given_name_ar="", family_name_ar="")
    enrol(cohort, amine, officer)

    with pytest.raises(services.EnrolmentError) as error:
        enrol(cohort, amine, officer)

    assert error.value.code == ErrorCode.ALREADY_IN_COHORT
    assert "Amine Saidi is already in cohort" in error.value.message
    assert Enrolment.objects.filter(cohort=cohort, person=amine).count() == 1


def test_enrol_same_client_uuid_replayed_enrols_once(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    key, amine = uuid.uuid4(), person()
    first = enrol(cohort, amine, officer, client_uuid=key)
    again = enrol(cohort, amine, officer, client_uuid=key)
    assert again.pk == first.pk
    assert Enrolment.objects.filter(cohort=cohort).count() == 1


def test_enrol_not_eligible_refused_listing_the_failed_rules(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    cohort.course.min_education = "university"
    cohort.course.save()
    Cohort.objects.filter(pk=cohort.pk).update(state=CohortState.RUNNING)

    with pytest.raises(services.EnrolmentError) as error:
        enrol(cohort, person(education_level="primary"), officer)

    assert error.value.code == ErrorCode.NOT_ELIGIBLE
    assert "Cohort open for enrolment" in error.value.message
    assert "Education level: Primary: below the required University." in error.value.message
    assert not Enrolment.objects.exists()


def test_enrol_unknown_rule_does_not_refuse(world, cohort):
    cohort.course.min_education = "secondary"
    cohort.course.save()
    enrolment = enrol(cohort, person(education_level=""), world.users[Role.AGENCY_OFFICER])
    assert {line["rule"]: line["outcome"] for line in enrolment.eligibility}["education"] == "unknown"


def test_withdraw_promotes_the_first_of_the_waiting_list(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    _first, second, nadia, sara = (enrol(cohort, person(given_name_latin=n), officer) for n in "ABNS")

    services.withdraw(second, actor=officer, reason="Trouvé un emploi")

    assert statuses(cohort) == [("A", "enrolled"), ("B", "withdrawn"), ("N", "enrolled"), ("S", "waitlisted")]
    assert queries.waiting_position(Enrolment.objects.get(pk=sara.pk)) == 1
    withdrawn = Enrolment.objects.get(pk=second.pk)
    assert (withdrawn.withdrawal_reason, withdrawn.waitlisted_at) == ("Trouvé un emploi", None)
    assert AuditEntry.objects.filter(action="training.enrolment.promoted", object_id=str(nadia.pk)).exists()


def test_withdraw_from_waiting_list_promotes_nobody(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    made = [enrol(cohort, person(given_name_latin=n), officer) for n in "ABNS"]
    services.withdraw(made[2], actor=officer, reason="Déménagé")
    assert statuses(cohort) == [("A", "enrolled"), ("B", "enrolled"), ("N", "withdrawn"), ("S", "waitlisted")]


def test_withdraw_needs_a_reason_and_an_active_enrolment(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    enrolment = enrol(cohort, person(), officer)
    with pytest.raises(services.EnrolmentError) as error:
        services.withdraw(enrolment, actor=officer, reason="  ")
    assert error.value.code == ErrorCode.WITHDRAWAL_REASON_MISSING
    services.withdraw(enrolment, actor=officer, reason="Malade")
    with pytest.raises(services.EnrolmentError) as error:
        services.withdraw(enrolment, actor=officer, reason="Malade")
    assert error.value.code == ErrorCode.NOT_WITHDRAWABLE


def test_withdraw_from_an_outdated_page_is_refused(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    enrolment = enrol(cohort, person(), officer)
    with pytest.raises(services.EnrolmentConflict):
        services.withdraw(enrolment, actor=officer, reason="Malade", expected_version=enrolment.version + 1)
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED


def test_withdrawn_person_may_enrol_again_behind_the_queue(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    amine = person(given_name_latin="A")
    first = enrol(cohort, amine, officer)
    enrol(cohort, person(given_name_latin="B"), officer)
    enrol(cohort, person(given_name_latin="N"), officer)
    services.withdraw(first, actor=officer, reason="Absent")

    again = enrol(cohort, amine, officer)

    assert again.pk == first.pk
    assert statuses(cohort) == [("A", "waitlisted"), ("B", "enrolled"), ("N", "enrolled")]


def test_promote_waitlist_when_capacity_grows(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    made = [enrol(cohort, person(given_name_latin=n), officer) for n in "ABCDE"]
    Cohort.objects.filter(pk=cohort.pk).update(capacity=4)

    promoted = services.promote_waitlist(cohort, actor=officer)

    assert [e.pk for e in promoted] == [made[2].pk, made[3].pk]
    assert statuses(cohort)[-1] == ("E", "waitlisted")
    assert services.promote_waitlist(cohort, actor=officer) == []


def test_enrol_dossier_holders_enrols_every_member_of_a_cooperative(world, cohort):
    officer = world.users[Role.AGENCY_OFFICER]
    members = [person(given_name_latin=n) for n in "ABCDE"]
    dossier = DossierFactory(state=DossierState.APPROVED, legal_form=LegalForm.COOPERATIVE, holders=members)
    enrol(cohort, members[3], officer)  # D is already in

    results = services.enrol_dossier_holders(cohort, dossier, actor=officer)

    assert [(r.person.given_name_latin, r.code) for r in results] == [
        ("A", "enrolled"),
        ("B", "waitlisted"),
        ("C", "waitlisted"),
        ("D", ErrorCode.ALREADY_IN_COHORT),
        ("E", "waitlisted"),
    ]
    assert "number 2 on the waiting list" in results[2].message
    assert set(Enrolment.objects.filter(dossier=dossier).values_list("source", flat=True)) == {"dossier"}
    assert AuditEntry.objects.filter(action="training.cohort.dossier_enrolled").count() == 1


def test_enrol_dossier_holders_refuses_a_dossier_not_approved(world, cohort):
    cohort.course.requires_approved_dossier = True
    cohort.course.save()
    dossier = DossierFactory(state=DossierState.UNDER_STUDY, holders=[person()])
    with pytest.raises(services.EnrolmentError) as error:
        services.enrol_dossier_holders(cohort, dossier, actor=world.users[Role.AGENCY_OFFICER])
    assert error.value.code == ErrorCode.DOSSIER_NOT_APPROVED
    assert not Enrolment.objects.exists()


def test_enrol_dossier_holders_of_a_dossier_under_way_into_a_pre_creation_workshop(world, cohort):
    # A course that does not require approval (a pre-creation workshop) takes the holders
    # of a dossier still being deepened; a rejected dossier enrols nobody.
    officer = world.users[Role.AGENCY_OFFICER]
    under_way = DossierFactory(state=DossierState.TO_REVISE, holders=[person(given_name_latin="Hind")])
    rejected = DossierFactory(state=DossierState.REJECTED, holders=[person(given_name_latin="Omar")])

    results = services.enrol_dossier_holders(cohort, under_way, actor=officer)
    with pytest.raises(services.EnrolmentError) as error:
        services.enrol_dossier_holders(cohort, rejected, actor=officer)

    assert [(r.person.given_name_latin, r.code) for r in results] == [("Hind", "enrolled")]
    assert error.value.code == ErrorCode.DOSSIER_CLOSED


def test_enrol_tells_the_trainee_only_where_consent_is_given(
    world, cohort, django_capture_on_commit_callbacks
):
    officer = world.users[Role.AGENCY_OFFICER]
    consenting = person(phone="+213661234567", email="amine@example.org", preferred_language="fr")
    record_consent(consenting, purpose="contact", actor=None)
    record_consent(consenting, purpose="contact", given=False, channel="email", actor=None)
    silent = person(phone="+213661234568")

    with django_capture_on_commit_callbacks(execute=True):
        enrol(cohort, consenting, officer)
        enrol(cohort, silent, officer)

    sent = Message.objects.filter(person=consenting)
    assert dict(sent.values_list("channel", "status")) == {"sms": "sent", "email": "no_consent"}
    assert Message.objects.get(person=silent).status == "no_consent"
    assert [m.to for m in MemorySMSBackend.outbox] == ["+213661234567"]
    body = MemorySMSBackend.outbox[0].body
    assert cohort.course.name_fr in body and cohort.venue in body and "08:30–12:00" in body
    assert "Dimanche" in body or "dimanche" in body
    assert mail.outbox == []


def test_each_enrolment_event_is_told_once(world, cohort, django_capture_on_commit_callbacks):
    officer = world.users[Role.AGENCY_OFFICER]
    people = [person(phone=f"+21366123450{i}") for i in range(3)]
    for p in people:
        record_consent(p, purpose="contact", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        made = [enrol(cohort, p, officer) for p in people]
        services.withdraw(made[0], actor=officer, reason="Malade")

    kinds = sorted(Message.objects.values_list("person_id", "kind"))
    assert kinds == sorted(
        [
            (people[0].pk, "training.enrolment.enrolled"),
            (people[1].pk, "training.enrolment.enrolled"),
            (people[2].pk, "training.enrolment.waitlisted"),
            (people[0].pk, "training.enrolment.withdrawn"),
            (people[2].pk, "training.enrolment.promoted"),
        ]
    )
    assert len(MemorySMSBackend.outbox) == 5


# --- pages -------------------------------------------------------------------------------------


def test_enrol_page_enrols_a_person_found_by_search(world, cohort, client):
    officer = world.users[Role.AGENCY_OFFICER]
    amine = person(given_name_ar="محمد", family_name_ar="بن علي", province=world.oran)
    client.force_login(officer)
    url = reverse("training:enrol", kwargs={"pk": cohort.pk})

    page = client.get(url, {"q": "Mohammed Benali"})
    assert page.status_code == 200
    assert "محمد بن علي" in page.content.decode()

    response = client.post(url, {"action": "person", "person": amine.pk, "client_uuid": str(uuid.uuid4())})
    assert response.status_code == 302
    assert Enrolment.objects.get(cohort=cohort, person=amine).status == EnrolmentStatus.ENROLLED

    again = client.post(
        url, {"action": "person", "person": amine.pk, "client_uuid": str(uuid.uuid4())}, follow=True
    )
    assert "already in cohort" in again.content.decode()


def test_enrol_page_outsider_gets_404(world, cohort, client):
    client.force_login(world.outsider)
    assert client.get(reverse("training:enrol", kwargs={"pk": cohort.pk})).status_code == 404
    enrolment = EnrolmentFactory(cohort=cohort)
    assert client.get(reverse("training:enrolment_detail", kwargs={"pk": enrolment.pk})).status_code == 404
    response = client.post(
        reverse("training:enrolment_withdraw", kwargs={"pk": enrolment.pk}), {"reason": "x"}
    )
    assert response.status_code == 404
    assert Enrolment.objects.get(pk=enrolment.pk).status == EnrolmentStatus.ENROLLED


def test_enrol_page_cannot_enrol_someone_outside_the_officers_registry(world, cohort, client):
    stranger = person(country="MA", province=world.hoceima)
    client.force_login(world.users[Role.AGENCY_OFFICER])
    response = client.post(
        reverse("training:enrol", kwargs={"pk": cohort.pk}), {"action": "person", "person": stranger.pk}
    )
    assert response.status_code == 200
    assert not Enrolment.objects.exists()


def test_enrolment_detail_shows_eligibility_per_rule(world, cohort, client):
    officer = world.users[Role.AGENCY_OFFICER]
    enrolment = enrol(cohort, person(), officer)
    client.force_login(world.users[Role.DIRECTOR])
    content = client.get(reverse("training:enrolment_detail", kwargs={"pk": enrolment.pk})).content.decode()
    assert "Not enrolled in another cohort of this course." in content
    assert "enrolment-withdraw" not in content  # a director reads, does not manage


def test_enrol_from_dossier_enrols_its_holders(world, cohort, client):
    officer = world.users[Role.AGENCY_OFFICER]
    members = [person(province=world.oran) for _ in range(2)]
    dossier = DossierFactory(
        organization=world.oran_agency,
        specialty=cohort.course.specialty,
        state=DossierState.APPROVED,
        holders=members,
    )
    client.force_login(officer)
    url = reverse("training:enrol_from_dossier", kwargs={"pk": dossier.pk})
    assert cohort.reference in client.get(url).content.decode()

    response = client.post(url, {"cohort": cohort.pk})

    assert response.status_code == 302
    assert Enrolment.objects.filter(cohort=cohort, dossier=dossier).count() == 2


def test_enrolment_detail_lists_the_messages_to_the_trainee_for_managers(world, cohort, client):
    officer = world.users[Role.AGENCY_OFFICER]
    trainee = person(phone="+213661234599")
    record_consent(trainee, purpose="contact", actor=None)
    enrolment = enrol(cohort, trainee, officer)
    url = reverse("training:enrolment_detail", kwargs={"pk": enrolment.pk})

    client.force_login(officer)
    assert 'id="notices"' in client.get(url).content.decode()
    client.force_login(world.users[Role.DIRECTOR])
    assert 'id="notices"' not in client.get(url).content.decode()


def test_enrol_page_enrols_a_registration_of_the_specialty(world, cohort, client):
    event = EventFactory(host_organization=world.oran_agency, province=world.oran)
    wanted = RegistrationFactory(
        stop=None, event=event, person=person(given_name_latin="Walid"), specialty=cohort.course.specialty
    )
    RegistrationFactory(stop=None, event=event, person=person(given_name_latin="Other"))  # no specialty
    client.force_login(world.users[Role.AGENCY_OFFICER])
    url = reverse("training:enrol", kwargs={"pk": cohort.pk})
    listed = client.get(url).context["registrations"]
    assert [registration.pk for registration, _form in listed] == [wanted.pk]

    response = client.post(url, {"action": "registration", "registration": wanted.pk})

    assert response.status_code == 302
    enrolment = Enrolment.objects.get(cohort=cohort)
    assert (enrolment.person_id, enrolment.source, enrolment.registration_id) == (
        wanted.person_id,
        EnrolmentSource.REGISTRATION,
        wanted.pk,
    )


def test_capacity_raised_promotes_the_waiting_list_in_order(world, cohort):
    from rowad.training.services.cohorts import update_cohort

    officer = world.users[Role.AGENCY_OFFICER]
    for name in ("Amine", "Karim", "Nadia", "Sara"):
        enrol(cohort, person(given_name_latin=name), officer)

    update_cohort(cohort, data={"capacity": 3}, actor=officer)

    assert statuses(cohort) == [
        ("Amine", "enrolled"),
        ("Karim", "enrolled"),
        ("Nadia", "enrolled"),
        ("Sara", "waitlisted"),
    ]
