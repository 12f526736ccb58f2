from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
    ORG_ADMIN = "org_admin", _("Organization administrator")
    AGENCY_OFFICER = "agency_officer", _("Agency officer")
    COMMITTEE_MEMBER = "committee_member", _("Committee member")
    TRAINER = "trainer", _("Trainer")
    MENTOR = "mentor", _("Mentor")
    SPONSOR_OFFICER = "sponsor_officer", _("Sponsor officer")
    FUNDER_OFFICER = "funder_officer", _("Funder officer")
    ASSOCIATION_REP = "association_rep", _("Association representative")
    FIELD_AGENT = "field_agent", _("Field agent")
    DIRECTOR = "director", _("Director")
    PROJECT_HOLDER = "project_holder", _("Project holder")


STAFF_ROLES = frozenset(Role.values) - {Role.PROJECT_HOLDER}


class AccountsErrorCode(models.TextChoices):
    """Why a staff-account write was refused (DomainError codes of this app)."""

    NOT_ALLOWED = "not_allowed", _("not allowed")
    ROLE_NOT_GRANTABLE = "role_not_grantable", _("role not grantable")
    PROVINCE_OUTSIDE = "province_outside", _("province outside the organization")
    MEMBERSHIP_EXISTS = "membership_exists", _("membership exists")
    EMAIL_TAKEN = "email_taken", _("email already used")
    SELF_MANAGEMENT = "self_management", _("own account")
    STATE = "state", _("wrong state")
