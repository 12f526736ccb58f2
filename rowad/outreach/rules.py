"""Who may do what in outreach. Which campaigns, stops and events a user sees is decided
by queries (scope); these rules decide the action. Checked with an object (a campaign, a
phase, a stop, an event, a registration or an idea: `user.has_perm(perm, obj)`), an action
holds only when one membership holds an allowed role AND reaches that object."""

import rules

from rowad.accounts.enums import Role
from rowad.accounts.rules import acts_on

from . import queries
from .models import Campaign, Event, Idea, Phase, Registration, Stop
from .queries import REGISTRATION_READERS

R = Role
OUTREACH_VIEWERS = (R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.SPONSOR_OFFICER, R.FIELD_AGENT)
MANAGERS = (R.AGENCY_OFFICER,)
CAPTURERS = (R.AGENCY_OFFICER, R.FIELD_AGENT)
EXPORTERS = (R.AGENCY_OFFICER, R.DIRECTOR)
IDEA_DECIDERS = (R.AGENCY_OFFICER, R.ASSOCIATION_REP)


def reaches(user, obj, roles) -> bool:
    """One membership holding one of `roles` reaches `obj` (a phase through its campaign)."""
    if isinstance(obj, Phase):
        obj = obj.campaign
    visible = {
        Campaign: queries.campaigns_visible_to,
        Stop: queries.stops_visible_to,
        Event: queries.events_visible_to,
        Registration: queries.registrations_visible_to,
        Idea: queries.ideas_visible_to,
    }[type(obj)]
    return visible(user, roles=roles).filter(pk=obj.pk).exists()


can_view_outreach = acts_on(*OUTREACH_VIEWERS, reach=reaches)
can_manage_outreach = acts_on(*MANAGERS, reach=reaches)
can_capture = acts_on(*CAPTURERS, reach=reaches)
can_view_registrations = acts_on(*REGISTRATION_READERS, reach=reaches)
can_export_registrations = acts_on(*EXPORTERS, reach=reaches)
can_decide_idea = acts_on(*IDEA_DECIDERS, reach=reaches)

rules.add_perm("outreach.view_campaign", can_view_outreach)
rules.add_perm("outreach.view_figures", can_view_outreach)
rules.add_perm("outreach.manage_campaign", can_manage_outreach)
rules.add_perm("outreach.capture", can_capture)
rules.add_perm("outreach.view_registration", can_view_registrations)
rules.add_perm("outreach.export_registration", can_export_registrations)
rules.add_perm("outreach.decide_idea", can_decide_idea)
