from django.db import models
from django.utils.translation import gettext_lazy as _


class Role(models.TextChoices):
    PLATFORM_ADMIN = "platform_admin", _("Platform administrator")
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
