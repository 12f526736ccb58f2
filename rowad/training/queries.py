"""Scoped reads of the training app. Each condition comes from one membership.

Who reaches what:
- a course: the agency officers and directors of its programme's operator; the officers
  (agency or sponsor officer) of its provider; the trainers of its provider;
- a cohort: agency officers and directors whose membership's provinces hold the cohort's
  province; the officers of the course's provider; the cohort's own trainers, through a
  trainer membership in the provider; a project holder enrolled in it (their own only);
- an enrolment, its marks, assessments and certificate: through its cohort for staff; the
  holder's own for a project holder.
Managing (writing) narrows readers to `MANAGERS` (no directors, no trainers); taking
attendance and entering marks belongs to the cohort's trainers (`cohorts_taught_by`).
"""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for

from .models import Assessment, Certificate, Cohort, Course, Enrolment

# Who manages courses, cohorts, enrolments and certificates: agency officers (of the
# programme's operator or of the cohort's province) and the provider's officers.
MANAGERS = (Role.AGENCY_OFFICER, Role.SPONSOR_OFFICER)
# Who reads training besides the managers.
READERS = (*MANAGERS, Role.DIRECTOR)
# Whose province reaches a cohort (the agency side; a sponsor's reach is its courses).
PROVINCE_READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR)


def _course_condition(user: Any, roles: tuple[str, ...], prefix: str = "") -> Q:
    """Courses one membership holding one of `roles` reaches: its organization operates the
    programme (agency side) or provides the course."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return Q()
    if not roles:  # no role given would mean every membership
        return Q(pk__in=[])
    agency_side = tuple(r for r in roles if r in PROVINCE_READERS)
    condition = scope.reach_q(*roles, organization=f"{prefix}provider_id")
    if agency_side:
        condition |= scope.reach_q(*agency_side, organization=f"{prefix}programme__operator_id")
    return condition


def courses_visible_to(user: Any) -> QuerySet[Course]:
    condition = _course_condition(user, (*READERS, Role.TRAINER))
    base = Course.objects.select_related("programme", "specialty", "provider")
    return base.filter(pk__in=Course.objects.filter(condition).values("pk"))


def courses_managed_by(user: Any) -> QuerySet[Course]:
    condition = _course_condition(user, MANAGERS)
    base = Course.objects.select_related("programme", "specialty", "provider")
    return base.filter(pk__in=Course.objects.filter(condition).values("pk"))


def _cohort_condition(user: Any, roles: tuple[str, ...]) -> Q:
    scope = scope_for(user)
    if scope.is_platform_admin:
        return Q()
    condition = _course_condition(user, tuple(r for r in roles if r != Role.TRAINER), prefix="course__")
    agency_side = tuple(r for r in roles if r in PROVINCE_READERS)
    if agency_side:
        condition |= scope.reach_q(*agency_side, province="province_id")
    if Role.TRAINER in roles:
        for grant in scope.grants_for(Role.TRAINER):
            # Taught by this user AND given by this same membership's organization.
            condition |= Q(trainers=scope.user_id, course__provider_id=grant.organization_id)
    return condition


def cohorts_visible_to(user: Any) -> QuerySet[Cohort]:
    """Cohorts a staff user reads; a project holder reads the cohorts they are in."""
    scope = scope_for(user)
    base = Cohort.objects.select_related("course", "course__programme", "course__specialty", "province")
    if scope.is_platform_admin:
        return base
    condition = _cohort_condition(user, (*READERS, Role.TRAINER))
    if scope.person_id is not None:
        condition |= Q(enrolments__person_id=scope.person_id)
    return base.filter(pk__in=Cohort.objects.filter(condition).values("pk"))


def cohorts_managed_by(user: Any) -> QuerySet[Cohort]:
    """Cohorts the user may edit, enrol into, and certify."""
    base = Cohort.objects.select_related("course", "course__programme", "course__specialty", "province")
    if scope_for(user).is_platform_admin:
        return base
    return base.filter(pk__in=Cohort.objects.filter(_cohort_condition(user, MANAGERS)).values("pk"))


def cohorts_taught_by(user: Any) -> QuerySet[Cohort]:
    """Cohorts where the user is a trainer, through a trainer membership in the course's
    provider: the roll calls they take and the marks they enter. Platform admins are not
    trainers: they teach nothing."""
    scope = scope_for(user)
    condition = Q(pk__in=[])
    for grant in scope.grants_for(Role.TRAINER):
        condition |= Q(trainers=scope.user_id, course__provider_id=grant.organization_id)
    base = Cohort.objects.select_related("course", "course__programme", "course__specialty", "province")
    return base.filter(pk__in=Cohort.objects.filter(condition).values("pk"))


def enrolments_visible_to(user: Any) -> QuerySet[Enrolment]:
    """Enrolments of the cohorts a staff user reads; a project holder's own."""
    scope = scope_for(user)
    base = Enrolment.objects.select_related("person", "cohort", "cohort__course", "cohort__province")
    if scope.is_platform_admin:
        return base
    condition = Q(
        cohort__in=Cohort.objects.filter(_cohort_condition(user, (*READERS, Role.TRAINER))).values("pk")
    )
    if scope.person_id is not None:
        condition |= Q(person_id=scope.person_id)
    return base.filter(condition)


def enrolments_of_person(user: Any, person: Any) -> QuerySet[Enrolment]:
    """A person's enrolments the user may read (the person page, the dossier page)."""
    return enrolments_visible_to(user).filter(person=person)


def certificates_visible_to(user: Any) -> QuerySet[Certificate]:
    return Certificate.objects.select_related("enrolment", "enrolment__person", "enrolment__cohort").filter(
        enrolment__in=enrolments_visible_to(user).values("pk")
    )


def certificate_by_number(number: str) -> Certificate | None:
    """The public verification's lookup: anyone may check a number (it states only what
    the certificate states)."""
    return (
        Certificate.objects.select_related("enrolment__cohort__course")
        .filter(number=number.strip().upper())
        .first()
    )


def cohorts_assessed_by(user: Any) -> QuerySet[Cohort]:
    """Cohorts whose marks the user enters and whose results they compute: the cohorts
    they teach (`cohorts_taught_by`) and those they manage (`cohorts_managed_by`), each
    reached through one membership."""
    base = Cohort.objects.select_related("course", "course__programme", "course__specialty", "province")
    taught = cohorts_taught_by(user).values("pk")
    managed = cohorts_managed_by(user).values("pk")
    return base.filter(Q(pk__in=taught) | Q(pk__in=managed))


def assessments_visible_to(user: Any) -> QuerySet[Assessment]:
    """Marks of the enrolments the user reads (a project holder: their own)."""
    return Assessment.objects.select_related("module", "assessed_by").filter(
        enrolment__in=enrolments_visible_to(user).values("pk")
    )
