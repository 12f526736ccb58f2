"""Scoped reads of enterprises and their accompaniment. Views, the API, the portal and the
figures read through these.

Who reaches what, one membership at a time:
- agency officers and directors: the enterprises of the dossiers they reach in that role
  (`dossiers_visible_to(user, roles=…)`);
- a mentor: only their caseload — the dossiers (and their enterprises) assigned to them
  and not reassigned since, lying in that mentor membership's provinces;
- a project holder: the enterprises they own or whose dossier they hold.
Officers write enterprises, steps, obligations, life events and assignments; a mentor
records the sessions and visits of their caseload (an officer may too)."""

from __future__ import annotations

from typing import Any

from django.db.models import Q, QuerySet
from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role
from rowad.accounts.scope import scope_for
from rowad.dossiers.models import Dossier
from rowad.dossiers.queries import dossiers_visible_to

from .enums import ErrorCode
from .models import (
    AccompanimentSession,
    CreationStep,
    Enterprise,
    JobsDeclaration,
    MentorAssignment,
    Obligation,
    SessionTopic,
    Visit,
)

# Staff who read the enterprises of the dossiers they reach.
READERS = (Role.AGENCY_OFFICER, Role.DIRECTOR)
# Staff who write enterprises, steps, obligations, life events and mentor assignments.
MANAGERS = (Role.AGENCY_OFFICER,)
MENTORS = (Role.MENTOR,)
# Who records sessions and visits (an officer for any reached dossier, a mentor for their caseload).
ACCOMPANIERS = (Role.AGENCY_OFFICER, Role.MENTOR)


def _dossier_ids(user: Any, roles: tuple[str, ...]) -> QuerySet:
    return dossiers_visible_to(user, roles=roles).order_by().values("pk")


def caseload_condition(user: Any, prefix: str = "") -> Q:
    """Dossiers (under `prefix`) assigned to `user` as a mentor and lying in the provinces
    of one of their mentor memberships."""
    condition = Q(pk__in=[])
    for grant in scope_for(user).grants_for(*MENTORS):
        condition |= Q(
            **{
                f"{prefix}mentor_assignments__mentor_id": user.pk,
                f"{prefix}mentor_assignments__ended_on__isnull": True,
                f"{prefix}province_id__in": sorted(grant.province_ids),
            }
        )
    return condition


def caseload_dossiers(user: Any) -> QuerySet[Dossier]:
    """The dossiers a mentor accompanies now (their caseload)."""
    scope = scope_for(user)
    if not scope.grants_for(*MENTORS) and not scope.is_platform_admin:
        return Dossier.objects.none()
    ids = Dossier.objects.filter(caseload_condition(user)).values("pk")
    return Dossier.objects.filter(pk__in=ids).select_related("programme", "province")


def dossier_condition(user: Any, roles: tuple[str, ...] | None, prefix: str = "") -> Q | None:
    """The dossiers (under `prefix`) `user` reaches through `roles` (None: every role of
    this app); None for a platform admin (no restriction)."""
    scope = scope_for(user)
    if scope.is_platform_admin:
        return None
    wanted = (*READERS, *MENTORS, Role.PROJECT_HOLDER) if roles is None else tuple(roles)
    condition = Q(pk__in=[])
    staff = tuple(r for r in wanted if r in READERS)
    if staff and scope.grants_for(*staff):
        condition |= Q(**{f"{prefix}pk__in": _dossier_ids(user, staff)})
    if Role.MENTOR in wanted and scope.grants_for(*MENTORS):
        condition |= Q(**{f"{prefix}pk__in": Dossier.objects.filter(caseload_condition(user)).values("pk")})
    if Role.PROJECT_HOLDER in wanted and scope.person_id:
        condition |= Q(**{f"{prefix}holders": scope.person_id})
    return condition


def enterprises_visible_to(user: Any, *, roles: tuple[str, ...] | None = None) -> QuerySet[Enterprise]:
    """Enterprises `user` may read (with `roles`: only through memberships of those roles)."""
    base = Enterprise.objects.select_related("dossier", "programme", "province", "specialty", "organization")
    condition = dossier_condition(user, roles, prefix="dossier__")
    if condition is None:
        return base
    scope = scope_for(user)
    wanted = (Role.PROJECT_HOLDER,) if roles is None else roles
    if Role.PROJECT_HOLDER in wanted and scope.person_id:
        condition |= Q(members__person_id=scope.person_id, members__left_on__isnull=True)
    return base.filter(pk__in=Enterprise.objects.filter(condition).values("pk"))


def enterprises_managed_by(user: Any) -> QuerySet[Enterprise]:
    return enterprises_visible_to(user, roles=MANAGERS)


def enterprises_accompanied_by(user: Any) -> QuerySet[Enterprise]:
    """Enterprises whose sessions and visits `user` records."""
    return enterprises_visible_to(user, roles=ACCOMPANIERS)


def dossiers_accompanied_by(user: Any) -> QuerySet[Dossier]:
    """Dossiers whose (pre-creation) sessions `user` records."""
    condition = dossier_condition(user, ACCOMPANIERS)
    base = Dossier.objects.select_related("programme", "province")
    return base if condition is None else base.filter(pk__in=Dossier.objects.filter(condition).values("pk"))


def enterprise_for(user: Any, pk: int, *, roles: tuple[str, ...] | None = None) -> Enterprise:
    """One enterprise in the user's scope (Enterprise.DoesNotExist outside it)."""
    return enterprises_visible_to(user, roles=roles).get(pk=pk)


def _in(queryset: QuerySet, enterprises: QuerySet[Enterprise], field: str = "enterprise") -> QuerySet:
    return queryset.filter(**{f"{field}__in": enterprises.order_by().values("pk")})


def steps_visible_to(user: Any) -> QuerySet[CreationStep]:
    return _in(CreationStep.objects.select_related("enterprise"), enterprises_visible_to(user))


def obligations_visible_to(user: Any) -> QuerySet[Obligation]:
    return _in(Obligation.objects.select_related("enterprise"), enterprises_visible_to(user))


def visits_visible_to(user: Any) -> QuerySet[Visit]:
    return _in(Visit.objects.select_related("enterprise", "mentor"), enterprises_visible_to(user))


def declarations_visible_to(user: Any) -> QuerySet[JobsDeclaration]:
    return _in(JobsDeclaration.objects.select_related("enterprise"), enterprises_visible_to(user))


def sessions_visible_to(user: Any) -> QuerySet[AccompanimentSession]:
    condition = dossier_condition(user, None, prefix="dossier__")
    base = AccompanimentSession.objects.select_related("dossier", "enterprise", "topic", "mentor")
    return base if condition is None else base.filter(condition).distinct()


def assignments_visible_to(user: Any) -> QuerySet[MentorAssignment]:
    """Mentor assignments of the dossiers `user` reaches as staff (holders see their mentor
    through `current_mentor`)."""
    condition = dossier_condition(user, (*READERS, *MENTORS), prefix="dossier__")
    base = MentorAssignment.objects.select_related("dossier", "mentor", "assigned_by")
    return base if condition is None else base.filter(condition).distinct()


def current_assignment(dossier: Dossier) -> MentorAssignment | None:
    return (
        MentorAssignment.objects.filter(dossier=dossier, ended_on__isnull=True)
        .select_related("mentor")
        .first()
    )


def topics_for(programme: Any) -> QuerySet[SessionTopic]:
    """The session topics a programme offers: its own and the common ones."""
    return SessionTopic.objects.filter(Q(programme=programme) | Q(programme__isnull=True), is_active=True)


def enterprise_of_dossier(dossier: Dossier) -> Enterprise | None:
    return Enterprise.objects.filter(dossier=dossier).first()


def enterprise_problem(dossier: Dossier) -> tuple[str, Any] | None:
    """Why the dossier may not pass "company created": its enterprise is not recorded
    (handed to the dossiers app as the ENTERPRISE guard)."""
    if Enterprise.objects.filter(dossier_id=dossier.pk).exists():
        return None
    return (
        ErrorCode.NO_ENTERPRISE,
        _("Record the enterprise (legal form, name, owners, identifiers) to mark the company created."),
    )
