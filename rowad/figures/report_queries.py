"""Scoped reads of the saved reports: a user sees the reports of the organizations where
one of their memberships holds a role that reads figures (each report through one
membership: the organization's own)."""

from __future__ import annotations

from typing import Any

from django.db.models import QuerySet
from django.http import Http404
from django.utils.translation import gettext_lazy as _

from rowad.accounts.scope import Scope
from rowad.partners.models import Organization

from .engine import READER_ROLES
from .models import SavedReport
from .queries import figures_scope


def reader_organizations(scope: Scope) -> frozenset[int] | None:
    """The organizations where the user reads figures (None: all, platform admins)."""
    return scope.organization_ids_for(*READER_ROLES)


def reads_for(scope: Scope, organization_id: int) -> bool:
    """One membership holding a reader role in this organization."""
    return scope.is_platform_admin or any(
        grant.organization_id == organization_id for grant in scope.grants_for(*READER_ROLES)
    )


def reports_visible(scope: Scope) -> QuerySet[SavedReport]:
    reports = SavedReport.objects.select_related("organization").prefetch_related("subscribers")
    organizations = reader_organizations(scope)
    return reports if organizations is None else reports.filter(organization_id__in=organizations)


def reports_for(user: Any) -> QuerySet[SavedReport]:
    return reports_visible(figures_scope(user))


def report_for(user: Any, pk: int) -> SavedReport:
    """One report the user may read, else 404 (never say that another's report exists)."""
    report = reports_for(user).filter(pk=pk).first()
    if report is None:
        raise Http404(_("No such report."))
    return report


def organizations_for_reports(scope: Scope) -> QuerySet[Organization]:
    """The organizations a user may save a report for."""
    organizations = reader_organizations(scope)
    qs = Organization.objects.order_by("name_fr")
    return qs if organizations is None else qs.filter(pk__in=organizations)


def monthly_reports() -> QuerySet[SavedReport]:
    """Every report sent each month, with its subscribers (for the monthly run only)."""
    from .enums import ReportSchedule

    return (
        SavedReport.objects.filter(schedule=ReportSchedule.MONTHLY)
        .select_related("organization")
        .prefetch_related("subscribers")
        .order_by("pk")
    )
