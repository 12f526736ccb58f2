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

from django.db.models import Count, Q, QuerySet

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.dossiers.eligibility import AID_STATES
from rowad.dossiers.enums import DossierState
from rowad.dossiers.queries import dossiers_visible_to
from rowad.outreach.queries import registrations_visible_to
from rowad.people.queries import people_visible_to

from .enums import CohortState, EnrolmentStatus, TrainingResult
from .models import Assessment, Certificate, Cohort, Course, Enrolment

# Who manages courses, cohorts, enrolments and certificates: agency officers (of the
# programme's operator or of the cohort's province) and the provider's officers.
MANAGERS = (Role.AGENCY_OFFICER, Role.SPONSOR_OFFICER)
# Who reads training besides the managers.
READERS = (*MANAGERS, Role.DIRECTOR)
# Dossiers whose holders are no longer followed through them (nobody enrols from them).
CLOSED_DOSSIER_STATES = (DossierState.REJECTED, DossierState.WITHDRAWN, DossierState.CLOSED)
# Whose province reaches a cohort (the agency side; a sponsor's reach is its courses).
PROVINCE_READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR)


def _course_condition(user: Any, roles: tuple[str, ...], prefix: str = "", *, branches: bool = True) -> Q:
    """Courses one membership holding one of `roles` reaches: its organization operates the
    programme (agency side) or provides the course — or, with `branches`, is a branch of
    the one that does (a wilaya office reads its national agency's catalogue; its cohorts
    it reaches by province only)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return Q()
    if not roles:  # no role given would mean every membership
        return Q(pk__in=[])
    agency_side = tuple(r for r in roles if r in PROVINCE_READERS)
    condition = Q(pk__in=[])
    for grant in scope.grants_for(*roles):
        # A branch (an agency's wilaya office, an operator's regional directorate) works
        # with its parent's programmes and courses.
        org = grant.organization_id
        condition |= Q(**{f"{prefix}provider_id": org})
        if branches:
            condition |= Q(**{f"{prefix}provider__branches": org})
        if grant.role in agency_side:
            condition |= Q(**{f"{prefix}programme__operator_id": org})
            if branches:
                condition |= Q(**{f"{prefix}programme__operator__branches": org})
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
    condition = _course_condition(
        user, tuple(r for r in roles if r != Role.TRAINER), prefix="course__", branches=False
    )
    agency_side = tuple(r for r in roles if r in PROVINCE_READERS)
    if agency_side:
        condition |= scope.reach_q(*agency_side, province="province_id")
    if Role.TRAINER in roles:
        for grant in scope.grants_for(Role.TRAINER):
            # Taught by this user AND given by this same membership's organization.
            condition |= Q(trainers=scope.user_id) & _provided_by(grant.organization_id)
    return condition


def _provided_by(organization_id: int) -> Q:
    """Cohorts of courses given by this organization or by its parent (a branch's staff)."""
    return Q(course__provider_id=organization_id) | Q(course__provider__branches=organization_id)


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
        condition |= Q(trainers=scope.user_id) & _provided_by(grant.organization_id)
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


# --- enrolment and waiting list ---------------------------------------------------------


def seats_taken(cohort: Cohort) -> int:
    """Enrolled trainees of a cohort (the caller scoped the cohort)."""
    return Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED).count()


def cohort_trainees(cohort: Cohort) -> QuerySet[Enrolment]:
    """A cohort's enrolled trainees, in the order they were enrolled (the caller scoped
    the cohort)."""
    return (
        Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.ENROLLED)
        .select_related("person", "dossier", "registration")
        .order_by("enrolled_at", "id")
    )


def waiting_list(cohort: Cohort) -> QuerySet[Enrolment]:
    """A cohort's waiting list, first in line first (the caller scoped the cohort)."""
    return (
        Enrolment.objects.filter(cohort=cohort, status=EnrolmentStatus.WAITLISTED)
        .select_related("person", "dossier", "registration")
        .order_by("waitlisted_at", "id")
    )


def waiting_position(enrolment: Enrolment) -> int | None:
    """1 for the first in line; None when the enrolment is not on the waiting list."""
    if enrolment.status != EnrolmentStatus.WAITLISTED or enrolment.waitlisted_at is None:
        return None
    ahead = waiting_list(enrolment.cohort).filter(
        Q(waitlisted_at__lt=enrolment.waitlisted_at)
        | Q(waitlisted_at=enrolment.waitlisted_at, id__lt=enrolment.pk)
    )
    return ahead.count() + 1


def enrolments_managed_by(user: Any) -> QuerySet[Enrolment]:
    """Enrolments of the cohorts the user manages (withdraw, enrol again)."""
    return enrolments_visible_to(user).filter(cohort__in=cohorts_managed_by(user).values("pk"))


def people_enrollable_by(user: Any, cohort: Cohort) -> QuerySet[Any]:
    """People of the registry an agency officer may enrol by search into `cohort`: one
    membership both manages the cohort and reaches the person (their province or their
    registering organization). Sponsor officers do not read the registry: they enrol
    from dossiers and registrations."""
    scope = scope_for(user)
    base = people_visible_to(user, roles=(Role.AGENCY_OFFICER,))
    if scope.is_platform_admin:
        return base
    condition = Q(pk__in=[])
    for grant in scope.grants_for(Role.AGENCY_OFFICER):
        reaches_cohort = cohort.province_id in grant.province_ids or grant.organization_id in (
            cohort.course.provider_id,
            cohort.course.programme.operator_id,
        )
        if reaches_cohort:
            condition |= Q(province_id__in=sorted(grant.province_ids)) | Q(
                organization_id=grant.organization_id
            )
    return base.filter(condition)


def approved_dossiers_for_cohort(user: Any, cohort: Cohort) -> QuerySet[Any]:
    """Dossiers the user reaches as a manager whose holders may be enrolled into `cohort`:
    approved ones (approved, to financing, company created) when the course requires it,
    else any still under way (a pre-creation workshop); in the course's specialty (of any
    programme), or of the course's programme when the course certifies no specialty."""
    course = cohort.course
    if course.requires_approved_dossier:
        dossiers = dossiers_visible_to(user, roles=MANAGERS, state=AID_STATES)
    else:
        dossiers = dossiers_visible_to(user, roles=MANAGERS).exclude(state__in=CLOSED_DOSSIER_STATES)
    if course.specialty_id is not None:
        return dossiers.filter(specialty_id=course.specialty_id)
    return dossiers.filter(programme_id=course.programme_id)


def registrations_for_cohort(user: Any, cohort: Cohort) -> QuerySet[Any]:
    """Registrations at outreach stops and events the user reads as a manager, of people
    interested in the course's specialty and not yet in the cohort, newest first."""
    registrations = registrations_visible_to(user, roles=MANAGERS).exclude(person__enrolments__cohort=cohort)
    if cohort.course.specialty_id is not None:
        registrations = registrations.filter(specialty_id=cohort.course.specialty_id)
    return registrations.order_by("-captured_at", "-id")


def open_cohorts_for_dossier(user: Any, dossier: Any) -> QuerySet[Cohort]:
    """Cohorts open for enrolment that the user manages, of courses in the dossier's
    specialty, or of the dossier's programme when the course certifies no specialty."""
    condition = Q(course__specialty__isnull=True, course__programme_id=dossier.programme_id)
    if dossier.specialty_id is not None:
        condition |= Q(course__specialty_id=dossier.specialty_id)
    return (
        cohorts_managed_by(user).filter(condition, state=CohortState.OPEN).order_by("starts_on", "reference")
    )


def person_ids_trained(person_ids: Any) -> set[int]:
    """Which of these people passed a course (unscoped: ids in, ids out; the outreach
    funnel's "trained" step)."""
    ids = list(person_ids)
    if not ids:
        return set()
    return set(
        Enrolment.objects.filter(person_id__in=ids, result=TrainingResult.PASSED)
        .values_list("person_id", flat=True)
        .distinct()
    )


def trainers_of(organization_ids: Any) -> QuerySet:
    """Users holding an active trainer membership in one of these organizations or in a
    branch of one (the trainers a cohort of their course may name)."""
    from rowad.accounts.models import User

    ids = organization_ids  # a list of ids or a one-column queryset (a subquery)
    return (
        User.objects.filter(
            Q(memberships__organization_id__in=ids) | Q(memberships__organization__parent_id__in=ids),
            memberships__role=Role.TRAINER,
            memberships__is_active=True,
        )
        .distinct()
        .order_by("last_name", "first_name", "username")
    )


def filter_cohorts(
    queryset: QuerySet[Cohort], *, course: Any = None, province: Any = None, state: str = ""
) -> QuerySet[Cohort]:
    """The cohort list's filters, applied to an already scoped queryset."""
    if course is not None:
        queryset = queryset.filter(course=course)
    if province is not None:
        queryset = queryset.filter(province=province)
    if state:
        queryset = queryset.filter(state=state)
    return queryset


def cohort_seat_counts(cohort: Cohort) -> dict[str, int]:
    """Seats taken and people waiting in one cohort (the enrolled and waitlisted counts)."""
    counts = {status: 0 for status in (EnrolmentStatus.ENROLLED, EnrolmentStatus.WAITLISTED)}
    for row in cohort.enrolments.filter(status__in=list(counts)).values("status").annotate(n=Count("pk")):
        counts[row["status"]] = row["n"]
    return {
        "taken": counts[EnrolmentStatus.ENROLLED],
        "waiting": counts[EnrolmentStatus.WAITLISTED],
        "free": max(cohort.capacity - counts[EnrolmentStatus.ENROLLED], 0),
    }


def absence_alert_recipients(cohort: Cohort) -> QuerySet:
    """Who an absence alert in this cohort is mailed to: the active agency officers whose
    membership reaches the cohort's province (its own provinces, else its organization's),
    with an email address."""
    from rowad.accounts.models import Membership, User

    reaching = Membership.objects.filter(role=Role.AGENCY_OFFICER, is_active=True).filter(
        Q(provinces=cohort.province_id)
        | Q(provinces__isnull=True, organization__provinces=cohort.province_id)
    )
    return User.objects.filter(pk__in=reaching.values("user_id"), is_active=True).exclude(email="")


def absence_alerts_visible_to(user: Any) -> QuerySet:
    """Absence alerts of the enrolments the user reads."""
    from .models import AbsenceAlert

    return AbsenceAlert.objects.select_related("enrolment__person", "enrolment__cohort").filter(
        enrolment__in=enrolments_visible_to(user).values("pk")
    )


def cohorts_attended_by(user: Any) -> QuerySet[Cohort]:
    """Cohorts whose attendance the user takes: those they teach (`cohorts_taught_by`)
    and those they manage (an officer correcting a mark)."""
    taught, managed = cohorts_taught_by(user), cohorts_managed_by(user)
    base = Cohort.objects.select_related("course", "course__programme", "course__specialty", "province")
    return base.filter(Q(pk__in=taught.values("pk")) | Q(pk__in=managed.values("pk")))


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
