from datetime import timedelta

from django.utils import timezone

from rowad.accounts.enums import Role
from tests.factories import PersonFactory, province_by_name
from tests.matrix.base import NOBODY, Expect, form_body
from tests.outreach.factories import (
    CampaignFactory,
    EventFactory,
    IdeaFactory,
    PhaseFactory,
    RegistrationFactory,
    StopFactory,
)

R = Role
VIEWERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.SPONSOR_OFFICER, R.FIELD_AGENT})
READERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR, R.ASSOCIATION_REP, R.FIELD_AGENT})
CAPTURE = frozenset({R.AGENCY_OFFICER, R.FIELD_AGENT})
MANAGERS = frozenset({R.AGENCY_OFFICER})
EXPORTERS = frozenset({R.AGENCY_OFFICER, R.DIRECTOR})
DECIDERS = frozenset({R.AGENCY_OFFICER, R.ASSOCIATION_REP})


def build(world) -> None:
    today = timezone.localdate()
    campaign = CampaignFactory(lead_organization=world.oran_agency, organizations=[world.oran_agency])
    phase = PhaseFactory(campaign=campaign, number=1, provinces=[world.oran])
    stop = StopFactory(
        phase=phase,
        province=world.oran,
        host_organization=world.oran_agency,
        field_agents=[world.users["field_agent"]],
    )
    event = EventFactory(
        host_organization=world.oran_agency, province=world.oran, field_agents=[world.users["field_agent"]]
    )
    registration = RegistrationFactory(
        stop=stop, person=PersonFactory(national_id="", organization=world.oran_agency)
    )
    idea = IdeaFactory(registration=RegistrationFactory(event=event, stop=None))
    foreign_campaign = CampaignFactory(
        country="MA",
        name_fr="Zzforeigncampaign",
        lead_organization=world.hoceima_agency,
        organizations=[world.hoceima_agency],
    )
    foreign_phase = PhaseFactory(
        campaign=foreign_campaign,
        number=1,
        starts_on=today - timedelta(days=3),
        ends_on=today + timedelta(days=3),
    )
    hoceima = province_by_name("Al Hoce")
    foreign_stop = StopFactory(
        phase=foreign_phase, province=hoceima, venue="Zzforeignvenue", host_organization=world.hoceima_agency
    )
    foreign_event = EventFactory(
        host_organization=world.hoceima_agency, province=hoceima, title="Zzforeignevent"
    )
    foreign_person = PersonFactory(
        country="MA", province=hoceima, national_id="", given_name_latin="Zzforeignperson"
    )
    foreign_registration = RegistrationFactory(stop=foreign_stop, person=foreign_person)
    foreign_idea = IdeaFactory(
        registration=RegistrationFactory(event=foreign_event, stop=None, person=foreign_person)
    )
    world.objects.update(
        phase=phase,
        foreign_phase=foreign_phase,
        campaign=campaign,
        stop=stop,
        event=event,
        registration=registration,
        idea=idea,
        foreign_campaign=foreign_campaign,
        foreign_stop=foreign_stop,
        foreign_event=foreign_event,
        foreign_registration=foreign_registration,
        foreign_idea=foreign_idea,
    )


def _obj(name):
    return lambda w: {"pk": w.objects[name].pk}


def _hidden(w):
    return "Zzforeign"


API = {
    "outreach-campaign-list": Expect(allowed=VIEWERS, hidden_text=_hidden),
    "outreach-campaign-detail": Expect(
        allowed=VIEWERS, kwargs=_obj("campaign"), out_of_scope_kwargs=_obj("foreign_campaign")
    ),
    "outreach-stop-list": Expect(allowed=VIEWERS, hidden_text=_hidden),
    "outreach-stop-detail": Expect(
        allowed=VIEWERS, kwargs=_obj("stop"), out_of_scope_kwargs=_obj("foreign_stop")
    ),
    "outreach-event-list": Expect(allowed=VIEWERS, hidden_text=_hidden),
    "outreach-event-detail": Expect(
        allowed=VIEWERS, kwargs=_obj("event"), out_of_scope_kwargs=_obj("foreign_event")
    ),
    "outreach-registration-list": Expect(allowed=READERS, hidden_text=_hidden),
    "outreach-registration-detail": Expect(
        allowed=READERS, kwargs=_obj("registration"), out_of_scope_kwargs=_obj("foreign_registration")
    ),
    "outreach-registration-batch": Expect(allowed=CAPTURE, method="post", ok_status=frozenset({400})),
    "outreach-tally-list": Expect(allowed=CAPTURE, method="post", ok_status=frozenset({400})),
}


def _place(name, kind="stop"):
    return lambda w: {"kind": kind, "pk": w.objects[name].pk}


def _export(name, kind="campaign"):
    return lambda w: {"kind": kind, "pk": w.objects[name].pk, "fmt": "csv"}


def _code(w):
    return {"code": w.objects["stop"].public_code}


def _registration(name):
    return lambda w: {"pk": w.objects[name].registration_id}


def _fresh(w, name):
    return type(w.objects[name]).objects.get(pk=w.objects[name].pk)


def _stop_body(w):
    from rowad.accounts.models import User
    from rowad.outreach.forms import StopForm

    stop = _fresh(w, "stop")
    return form_body(
        StopForm(instance=stop, campaign=stop.campaign, agents=User.objects.all()), venue="Kahina square"
    )


def _idea_body(w):
    idea = _fresh(w, "idea")
    return {
        "outcome": "deepen",
        "feedback": "Study the local market first",
        "version": idea.updated_at.isoformat(),
    }


POSTED = frozenset({302})
PAGES = {
    "outreach:campaign_list": Expect(allowed=VIEWERS, hidden_text=_hidden),
    "outreach:campaign_detail": Expect(
        allowed=VIEWERS, kwargs=_obj("campaign"), out_of_scope_kwargs=_obj("foreign_campaign")
    ),
    "outreach:campaign_create": Expect(allowed=MANAGERS),
    "outreach:campaign_edit": Expect(
        allowed=MANAGERS, kwargs=_obj("campaign"), out_of_scope_kwargs=_obj("foreign_campaign")
    ),
    "outreach:phase_edit": Expect(
        allowed=MANAGERS, kwargs=_obj("phase"), out_of_scope_kwargs=_obj("foreign_phase")
    ),
    "outreach:event_edit": Expect(
        allowed=MANAGERS, kwargs=_obj("event"), out_of_scope_kwargs=_obj("foreign_event")
    ),
    "outreach:phase_create": Expect(
        allowed=MANAGERS,
        kwargs=lambda w: {"campaign_pk": w.objects["campaign"].pk},
        out_of_scope_kwargs=lambda w: {"campaign_pk": w.objects["foreign_campaign"].pk},
    ),
    "outreach:stop_create": Expect(
        allowed=MANAGERS,
        kwargs=lambda w: {"campaign_pk": w.objects["campaign"].pk},
        out_of_scope_kwargs=lambda w: {"campaign_pk": w.objects["foreign_campaign"].pk},
    ),
    "outreach:stop_detail": Expect(
        allowed=VIEWERS, kwargs=_obj("stop"), out_of_scope_kwargs=_obj("foreign_stop")
    ),
    "outreach:stop_edit": Expect(
        allowed=MANAGERS,
        kwargs=_obj("stop"),
        out_of_scope_kwargs=_obj("foreign_stop"),
        body=_stop_body,
        state=lambda w: _fresh(w, "stop").venue,
    ),
    "outreach:stop_cancel": Expect(
        allowed=MANAGERS,
        kwargs=_obj("stop"),
        out_of_scope_kwargs=_obj("foreign_stop"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {"reason": "Storm warning"},
        state=lambda w: _fresh(w, "stop").cancelled_at,
    ),
    "outreach:stop_delete": Expect(
        allowed=MANAGERS,
        kwargs=_obj("stop"),
        out_of_scope_kwargs=_obj("foreign_stop"),
        method="post",
        ok_status=POSTED,
    ),
    "outreach:place_close": Expect(
        allowed=MANAGERS,
        kwargs=_place("stop"),
        out_of_scope_kwargs=_place("foreign_stop"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {},
        state=lambda w: _fresh(w, "stop").closed_at,
    ),
    "outreach:event_list": Expect(allowed=VIEWERS, hidden_text=_hidden),
    "outreach:event_create": Expect(allowed=MANAGERS),
    "outreach:event_detail": Expect(
        allowed=VIEWERS, kwargs=_obj("event"), out_of_scope_kwargs=_obj("foreign_event")
    ),
    "outreach:agenda_add": Expect(
        allowed=MANAGERS,
        kwargs=_obj("event"),
        out_of_scope_kwargs=_obj("foreign_event"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {"kind": "testimony", "topic": "A beekeeping cooperative founded in 2017"},
        state=lambda w: _fresh(w, "event").agenda_items.count(),
    ),
    "outreach:idea_add": Expect(
        allowed=DECIDERS,
        kwargs=_registration("idea"),
        out_of_scope_kwargs=_registration("foreign_idea"),
        method="post",
        ok_status=POSTED,
        body=lambda w: {"summary": "A honey cooperative", "legal_form": "cooperative"},
        state=lambda w: _fresh(w, "idea").registration.ideas.count(),
        body_roles=DECIDERS,
    ),
    "outreach:idea_outcome": Expect(
        allowed=DECIDERS,
        kwargs=_obj("idea"),
        out_of_scope_kwargs=_obj("foreign_idea"),
        body=_idea_body,
        state=lambda w: _fresh(w, "idea").outcome,
        body_roles=DECIDERS,
    ),
    "outreach:my_stops": Expect(allowed=CAPTURE),
    "outreach:suggestions": Expect(allowed=CAPTURE, query="?name=Zzforeignperson", hidden_text=_hidden),
    "outreach:register": Expect(
        allowed=CAPTURE, kwargs=_place("stop"), out_of_scope_kwargs=_place("foreign_stop")
    ),
    "outreach:counter": Expect(
        allowed=CAPTURE, kwargs=_place("stop"), out_of_scope_kwargs=_place("foreign_stop")
    ),
    "outreach:poster": Expect(
        allowed=VIEWERS, kwargs=_place("stop"), out_of_scope_kwargs=_place("foreign_stop")
    ),
    "outreach:figures": Expect(
        allowed=VIEWERS,
        kwargs=_place("campaign", "campaign"),
        out_of_scope_kwargs=_place("foreign_campaign", "campaign"),
    ),
    "outreach:figures_export": Expect(
        allowed=VIEWERS, kwargs=_export("campaign"), out_of_scope_kwargs=_export("foreign_campaign")
    ),
    "outreach:registrations": Expect(
        allowed=READERS,
        kwargs=_place("stop"),
        out_of_scope_kwargs=_place("foreign_stop"),
        hidden_text=_hidden,
    ),
    "outreach:registrations_export": Expect(
        allowed=EXPORTERS, kwargs=_export("stop", "stop"), out_of_scope_kwargs=_export("foreign_stop", "stop")
    ),
    "outreach:public_register": Expect(allowed=NOBODY, kwargs=_code, public=True),
    "outreach:public_thanks": Expect(allowed=NOBODY, kwargs=_code, public=True),
}

EXPECTATIONS = {**API, **PAGES}
