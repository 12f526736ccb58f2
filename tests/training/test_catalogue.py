"""The course catalogue: courses and modules through their services and pages."""

from __future__ import annotations

import datetime
from decimal import Decimal

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.core.audit import entries_for
from rowad.core.errors import ConflictError, DomainError
from rowad.partners.enums import OrganizationKind
from rowad.training.enums import ErrorCode, ModuleKind
from rowad.training.models import Assessment, Course, CourseModule
from rowad.training.services import catalogue as services
from tests.factories import (
    MembershipFactory,
    OrganizationFactory,
    ProgrammeFactory,
    SpecialtyFactory,
    UserFactory,
)
from tests.training.factories import CourseFactory, CourseModuleFactory, EnrolmentFactory

pytestmark = pytest.mark.integration


@pytest.fixture
def fiber():
    return SpecialtyFactory(code="fibre-optique", name_fr="Fibre optique")


@pytest.fixture
def programme(world, fiber):
    programme = ProgrammeFactory(operator=world.oran_agency, code="caravane")
    programme.specialties.set([fiber])
    return programme


def _data(programme, specialty, provider, **changes):
    data = {
        "code": "fo-45",
        "name_ar": "الألياف البصرية",
        "name_fr": "Fibre optique (45 jours)",
        "programme": programme,
        "specialty": specialty,
        "provider": provider,
        "duration_days": 45,
        "duration_hours": 60,
        "requires_approved_dossier": True,
        "min_education": "",
        "min_attendance_rate": 80,
        "min_mark": Decimal("10"),
        "absence_alert_after": 4,
        "certificate_text_ar": "شهادة",
        "certificate_text_fr": "Attestation",
        "is_active": True,
    }
    data.update(changes)
    return data


def _course(world, programme, fiber, **changes):
    officer = world.users[Role.AGENCY_OFFICER]
    return services.create_course(data=_data(programme, fiber, world.oran_agency, **changes), actor=officer)


def _module(title="Soudure", hours=20, **changes):
    return {
        "title_ar": "",
        "title_fr": title,
        "hours": hours,
        "kind": ModuleKind.THEORY,
        "is_assessed": True,
    } | changes


# --- Courses ------------------------------------------------------------------------------


def test_create_course_records_history_and_audit(world, programme, fiber):
    course = _course(world, programme, fiber)

    assert course.history.count() == 1
    assert course.history.first().history_user == world.users[Role.AGENCY_OFFICER]
    assert [e.action for e in entries_for(course)] == ["training.course.created"]


def test_create_course_specialty_outside_programme_refused(world, programme):
    other = SpecialtyFactory(code="apiculture")

    with pytest.raises(DomainError) as caught:
        _course(world, programme, other)

    assert caught.value.code == ErrorCode.SPECIALTY_NOT_IN_PROGRAMME
    assert Course.objects.count() == 0


def test_create_course_any_specialty_when_programme_lists_none(world, fiber):
    programme = ProgrammeFactory(operator=world.oran_agency)

    course = _course(world, programme, SpecialtyFactory(code="apiculture"))

    assert course.specialty.code == "apiculture"


def test_create_course_zero_days_refused(world, programme, fiber):
    with pytest.raises(DomainError) as caught:
        _course(world, programme, fiber, duration_days=0)

    assert caught.value.code == ErrorCode.DURATION_TOO_SHORT


def test_create_course_code_taken_refused(world, programme, fiber):
    _course(world, programme, fiber)

    with pytest.raises(DomainError) as caught:
        _course(world, programme, fiber)

    assert caught.value.code == ErrorCode.CODE_TAKEN


def test_create_course_without_membership_refused_and_nothing_saved(world, programme, fiber):
    data = _data(programme, fiber, world.oran_agency)

    with pytest.raises(DomainError) as caught:
        services.create_course(data=data, actor=world.outsider)

    assert (caught.value.code, caught.value.status_code) == (ErrorCode.OUT_OF_SCOPE, 403)
    assert Course.objects.count() == 0


def test_create_course_by_provider_officer_allowed(world, programme, fiber):
    provider = OrganizationFactory(kind=OrganizationKind.SPONSOR, name_fr="Opérateur télécom")
    officer = UserFactory(username="sponsor-telecom")
    MembershipFactory(user=officer, organization=provider, role=Role.SPONSOR_OFFICER)

    course = services.create_course(data=_data(programme, fiber, provider), actor=officer)

    assert course.provider == provider


def test_create_course_director_refused(world, programme, fiber):
    with pytest.raises(DomainError):
        services.create_course(
            data=_data(programme, fiber, world.oran_agency), actor=world.users[Role.DIRECTOR]
        )

    assert Course.objects.count() == 0


def test_update_course_stale_version_refused(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    services.update_course(course, data={"duration_days": 40}, actor=officer, version=1)

    with pytest.raises(ConflictError):
        services.update_course(course, data={"duration_days": 30}, actor=officer, version=1)

    course.refresh_from_db()
    assert (course.duration_days, course.version) == (40, 2)


def test_update_course_hours_below_modules_refused(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    services.add_module(course, data=_module(hours=40), actor=officer)

    with pytest.raises(DomainError) as caught:
        services.update_course(course, data={"duration_hours": 30}, actor=officer)

    assert caught.value.code == ErrorCode.MODULE_HOURS_EXCEED_COURSE
    assert "40" in caught.value.message and "30" in caught.value.message


# --- Modules ------------------------------------------------------------------------------


def test_add_module_over_course_hours_says_which(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    services.add_module(course, data=_module(hours=50), actor=officer)

    with pytest.raises(DomainError) as caught:
        services.add_module(course, data=_module("Génie civil", hours=20), actor=officer)

    assert caught.value.code == ErrorCode.MODULE_HOURS_EXCEED_COURSE
    assert "70" in caught.value.message and "60" in caught.value.message
    assert course.modules.count() == 1


def test_add_module_positions_and_version(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]

    first = services.add_module(course, data=_module("A"), actor=officer)
    second = services.add_module(course, data=_module("B"), actor=officer)

    course.refresh_from_db()
    assert (first.position, second.position, course.version) == (1, 2, 3)


def test_add_module_checklist_for_practical_only(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    checklist = [{"ar": "لحام", "fr": "Soudure propre"}, {"ar": "", "fr": ""}]

    with pytest.raises(DomainError) as caught:
        services.add_module(course, data=_module(checklist=checklist), actor=officer)
    module = services.add_module(
        course, data=_module(kind=ModuleKind.PRACTICAL, checklist=checklist), actor=officer
    )

    assert caught.value.code == ErrorCode.CHECKLIST_NOT_PRACTICAL
    assert module.checklist == [{"ar": "لحام", "fr": "Soudure propre"}]


def test_add_module_without_title_refused(world, programme, fiber):
    course = _course(world, programme, fiber)

    with pytest.raises(DomainError) as caught:
        services.add_module(course, data=_module(title=""), actor=world.users[Role.AGENCY_OFFICER])

    assert caught.value.code == ErrorCode.TITLE_REQUIRED


def test_update_module_own_min_mark_and_history(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    module = services.add_module(course, data=_module(), actor=officer)

    module = services.update_module(module, data={"min_mark": Decimal("12")}, actor=officer)

    assert module.pass_mark == Decimal("12")
    assert module.history.count() == 2


def test_update_module_stale_refused(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    module = services.add_module(course, data=_module(), actor=officer)
    old = module.updated_at.isoformat()
    services.update_module(module, data={"hours": 10}, actor=officer, version=old)

    with pytest.raises(ConflictError):
        services.update_module(module, data={"hours": 12}, actor=officer, version=old)


def test_update_module_over_course_hours_refused(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    services.add_module(course, data=_module(hours=30), actor=officer)
    module = services.add_module(course, data=_module(hours=30), actor=officer)

    with pytest.raises(DomainError) as caught:
        services.update_module(module, data={"hours": 31}, actor=officer)

    assert caught.value.code == ErrorCode.MODULE_HOURS_EXCEED_COURSE


def test_remove_module_and_reorder(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    _a, b, c = (services.add_module(course, data=_module(t, hours=10), actor=officer) for t in "ABC")

    services.remove_module(b, actor=officer)
    services.move_module(c, offset=-1, actor=officer)

    assert list(course.modules.order_by("position").values_list("title_fr", "position")) == [
        ("C", 1),
        ("A", 2),
    ]
    actions = [e.action for e in entries_for(course)]
    assert "training.module.removed" in actions and "training.module.reordered" in actions


def test_reorder_modules_incomplete_order_refused(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    a = services.add_module(course, data=_module("A", hours=10), actor=officer)
    services.add_module(course, data=_module("B", hours=10), actor=officer)

    with pytest.raises(DomainError) as caught:
        services.reorder_modules(course, order=[a.pk], actor=officer)

    assert caught.value.code == ErrorCode.MODULE_ORDER_INVALID


def test_remove_module_assessed_refused(world, programme, fiber):
    course = _course(world, programme, fiber)
    officer = world.users[Role.AGENCY_OFFICER]
    module = services.add_module(course, data=_module(), actor=officer)
    enrolment = EnrolmentFactory(cohort__course=course)
    Assessment.objects.create(
        enrolment=enrolment, module=module, mark=12, assessed_on=datetime.date(2026, 11, 1)
    )

    with pytest.raises(DomainError) as caught:
        services.remove_module(module, actor=officer)

    assert caught.value.code == ErrorCode.MODULE_HAS_ASSESSMENTS
    assert CourseModule.objects.filter(pk=module.pk).exists()


# --- Pages --------------------------------------------------------------------------------


def test_course_pages_render_for_readers(client, world):
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=world.oran_agency)
    CourseModuleFactory(
        course=course, hours=20, kind=ModuleKind.PRACTICAL, checklist=[{"ar": "أ", "fr": "A"}]
    )
    for role in (Role.AGENCY_OFFICER, Role.DIRECTOR, Role.SPONSOR_OFFICER, Role.TRAINER):
        client.force_login(world.users[role])
        for name in ("course_detail", "course_history"):
            assert client.get(reverse(f"training:{name}", args=[course.pk])).status_code == 200, (role, name)
        assert course.name_fr in client.get(reverse("training:course_list")).content.decode()


def test_course_create_page_posts_a_course(client, world, programme, fiber):
    client.force_login(world.users[Role.AGENCY_OFFICER])
    data = {
        "code": "fo-web",
        "name_fr": "Fibre optique",
        "programme": programme.pk,
        "specialty": fiber.pk,
        "provider": world.oran_agency.pk,
        "duration_days": 45,
        "duration_hours": 270,
        "min_attendance_rate": 80,
        "min_mark": "10",
        "absence_alert_after": 4,
        "is_active": "on",
    }

    response = client.post(reverse("training:course_create"), data)

    course = Course.objects.get(code="fo-web")
    assert response.status_code == 302
    assert response["Location"] == reverse("training:course_detail", args=[course.pk])


def test_course_edit_page_stale_version_is_409(client, world, programme, fiber):
    course = _course(world, programme, fiber)
    services.update_course(course, data={"duration_days": 40}, actor=world.users[Role.AGENCY_OFFICER])
    client.force_login(world.users[Role.AGENCY_OFFICER])
    page = client.get(reverse("training:course_edit", args=[course.pk])).context["form"]
    data = {
        k: v for k, v in page.initial.items() if v is not None and k not in ("requires_approved_dossier",)
    }
    data.update(programme=programme.pk, specialty=fiber.pk, provider=world.oran_agency.pk, version=1)

    response = client.post(reverse("training:course_edit", args=[course.pk]), data)

    assert response.status_code == 409
    course.refresh_from_db()
    assert course.duration_days == 40


def test_course_of_another_provider_is_404_for_its_officer(client, world):
    other = OrganizationFactory(kind=OrganizationKind.SPONSOR)
    course = CourseFactory(programme=ProgrammeFactory(operator=other), provider=other)
    client.force_login(world.users[Role.SPONSOR_OFFICER])

    assert client.get(reverse("training:course_detail", args=[course.pk])).status_code == 404
    assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 404


def test_course_director_cannot_write_403(client, world):
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=world.oran_agency)
    module = CourseModuleFactory(course=course)
    client.force_login(world.users[Role.DIRECTOR])

    assert client.get(reverse("training:course_create")).status_code == 403
    assert client.get(reverse("training:course_edit", args=[course.pk])).status_code == 403
    assert client.post(reverse("training:module_delete", args=[module.pk])).status_code == 403
    assert CourseModule.objects.filter(pk=module.pk).exists()


def test_module_pages_add_edit_delete(client, world):
    course = CourseFactory(programme=ProgrammeFactory(operator=world.oran_agency), provider=world.oran_agency)
    client.force_login(world.users[Role.AGENCY_OFFICER])

    client.post(
        reverse("training:module_create", args=[course.pk]),
        {
            "title_fr": "Raccordement",
            "title_ar": "",
            "hours": 30,
            "kind": "practical",
            "is_assessed": "on",
            "checklist_ar": "تلحيم\nاختبار",
            "checklist_fr": "Soudure\nTest",
        },
    )
    module = course.modules.get()
    client.post(
        reverse("training:module_edit", args=[module.pk]),
        {
            "title_fr": "Raccordement FO",
            "hours": 25,
            "kind": "practical",
            "checklist_fr": "Soudure",
            "version": module.updated_at.isoformat(),
        },
    )
    module.refresh_from_db()
    detail = client.get(reverse("training:course_detail", args=[course.pk])).content.decode()
    client.post(reverse("training:module_delete", args=[module.pk]))

    assert (module.title_fr, module.hours, module.checklist) == (
        "Raccordement FO",
        25,
        [{"ar": "", "fr": "Soudure"}],
    )
    assert "Raccordement FO" in detail
    assert not course.modules.exists()
