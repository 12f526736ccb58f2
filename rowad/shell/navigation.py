"""The main menu: each entry says which roles see it; apps add their own entries here
(the shell sits above every app, so it may name them all)."""

from __future__ import annotations

from dataclasses import dataclass

from django.utils.translation import gettext_lazy as _

from rowad.accounts.enums import Role

R = Role


@dataclass(frozen=True)
class NavItem:
    label: str
    url_name: str
    roles: frozenset[str]
    section: str  # url prefix used to mark the active entry


MENU: list[NavItem] = [
    NavItem(
        _("People"),
        "people:list",
        frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT, R.DIRECTOR, R.ASSOCIATION_REP, R.MENTOR}),
        "/people/",
    ),
    NavItem(
        _("Duplicates"),
        "people:duplicate_list",
        # The review is the agency officer's (the director may not open it: issue 16).
        frozenset({R.AGENCY_OFFICER}),
        "/people/duplicates/",
    ),
    NavItem(
        _("Processing register"),
        "people:processing_register",
        # For the declaration to the data-protection authority (people.rules.REGISTER_READERS).
        frozenset({R.DIRECTOR, R.ORG_ADMIN}),
        "/people/register/",
    ),
    NavItem(
        _("Imports"),
        "imports:batch_list",
        frozenset({R.AGENCY_OFFICER}),
        "/imports/",
    ),
    NavItem(
        _("Campaigns"),
        "outreach:campaign_list",
        frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT, R.DIRECTOR, R.SPONSOR_OFFICER, R.ASSOCIATION_REP}),
        "/outreach/campaigns/",
    ),
    NavItem(
        _("Events"),
        "outreach:event_list",
        frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT, R.DIRECTOR, R.SPONSOR_OFFICER, R.ASSOCIATION_REP}),
        "/outreach/events/",
    ),
    NavItem(
        _("Dossiers"),
        "dossiers:dossier_list",
        frozenset(
            {R.AGENCY_OFFICER, R.COMMITTEE_MEMBER, R.DIRECTOR, R.SPONSOR_OFFICER, R.FUNDER_OFFICER, R.MENTOR}
        ),
        "/dossiers/",
    ),
    NavItem(
        _("Specifications"),
        "dossiers:specification_list",
        frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.DIRECTOR, R.COMMITTEE_MEMBER}),
        "/dossiers/specifications/",
    ),
    NavItem(
        _("Committees"),
        "committees:session_list",
        frozenset({R.AGENCY_OFFICER, R.COMMITTEE_MEMBER, R.DIRECTOR}),
        "/committees/",
    ),
    NavItem(
        _("Training"),
        "training:cohort_list",
        frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.SPONSOR_OFFICER, R.TRAINER}),
        "/training/cohorts/",
    ),
    NavItem(
        _("Courses"),
        "training:course_list",
        frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.DIRECTOR}),
        "/training/courses/",
    ),
    NavItem(
        _("My cohorts"),
        "training:my_cohorts",
        frozenset({R.TRAINER}),
        "/training/my-cohorts/",
    ),
    NavItem(
        _("Financing"),
        "financing:plan_list",
        frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR, R.FUNDER_OFFICER}),
        "/financing/",
    ),
    NavItem(
        _("Enterprises"),
        "enterprises:list",
        frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.MENTOR}),
        "/enterprises/",
    ),
    NavItem(
        _("Partners"),
        "partners:organization_list",
        frozenset(set(R.values) - {R.PROJECT_HOLDER}),
        "/partners/",
    ),
    NavItem(
        _("Data requests"),
        "protection:queue",
        # The roles of `protection.view_queue` (rowad/protection/rules.py).
        frozenset({R.AGENCY_OFFICER}),
        "/protection/requests/",
    ),
    NavItem(
        _("My data requests"),
        "protection:my_requests",
        frozenset({R.PROJECT_HOLDER}),
        "/protection/my-requests/",
    ),
    NavItem(
        _("Staff"),
        "accounts:staff_list",
        frozenset({R.ORG_ADMIN}),
        "/accounts/staff/",
    ),
    NavItem(
        _("Figures"),
        "figures:dashboard",
        # The roles of the `figures.read` permission (rowad/figures/rules.py).
        frozenset({R.DIRECTOR, R.AGENCY_OFFICER, R.ORG_ADMIN}),
        "/figures/",
    ),
    NavItem(
        _("Training figures"),
        "training:figures",
        frozenset({R.AGENCY_OFFICER, R.SPONSOR_OFFICER, R.DIRECTOR, R.TRAINER}),
        "/training/figures/",
    ),
    NavItem(
        _("Market"),
        "market:order_list",
        frozenset({R.SPONSOR_OFFICER, R.AGENCY_OFFICER, R.DIRECTOR}),
        "/market/",
    ),
    NavItem(
        _("My courses"),
        "portal:training",
        frozenset({R.PROJECT_HOLDER}),
        "/portal/training/",
    ),
    NavItem(
        _("My repayments"),
        "portal:repayments",
        frozenset({R.PROJECT_HOLDER}),
        "/portal/repayments/",
    ),
    NavItem(
        _("My enterprise"),
        "portal:enterprise",
        frozenset({R.PROJECT_HOLDER}),
        "/portal/enterprise/",
    ),
]
