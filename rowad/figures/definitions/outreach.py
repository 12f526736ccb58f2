"""The caravan's figures: visitors counted at the stops and events, people registered."""

from django.db.models import Exists, OuterRef
from django.db.models.functions import Coalesce, TruncDate
from django.urls import reverse
from django.utils.translation import gettext_lazy as _

from rowad.outreach.models import Event, Registration, VisitorTally

from ..indicators import Column, Indicator, Unit, define
from .common import PLACE_COUNTRY, PLACE_PROVINCE, link

OUTREACH_DIMENSIONS = {
    "campaign": "place_campaign",
    "phase": "stop__phase",
    "stop": "stop",
    "programme": "place_programme",
    "partner": "place_partner",
    "province": "place_province",
}


def _placed(qs):
    return qs.annotate(
        place_province=PLACE_PROVINCE,
        place_country=PLACE_COUNTRY,
        place_campaign=Coalesce("stop__campaign", "event__campaign"),
        place_programme=Coalesce("stop__campaign__programme", "event__campaign__programme"),
        place_partner=Coalesce("stop__campaign__lead_organization", "event__host_organization"),
    )


def _place_name(record) -> str:
    return str(record.stop or record.event or "")


def _place_link(record) -> str:
    if record.stop_id:
        return reverse("outreach:stop_detail", args=[record.stop_id])
    return reverse("outreach:event_detail", args=[record.event_id]) if record.event_id else ""


VISITORS_COUNTED = define(
    Indicator(
        code="visitors_counted",
        label=_("Visitors counted"),
        description=_("People counted with the visitor counter at the stops and events."),
        group="outreach",
        unit=Unit.VISITORS,
        records=lambda: _placed(VisitorTally.objects.select_related("stop", "event")),
        date="day",
        province="place_province",
        country="place_country",
        dimensions=OUTREACH_DIMENSIONS,
        amount="count",
        select_related=("stop__province",),
        link=_place_link,
        columns=(
            Column(_("Day"), lambda t: t.day),
            Column(_("Place"), _place_name),
            Column(_("Visitors"), lambda t: t.count),
        ),
    )
)

EVENT_HEAD_COUNT = define(
    Indicator(
        code="event_head_count",
        label=_("Head count of events"),
        description=_("The attendance recorded for the events where nobody ran the visitor counter."),
        group="outreach",
        unit=Unit.VISITORS,
        records=lambda: (
            Event.objects.select_related("province")
            .filter(attendance__isnull=False)
            .exclude(Exists(VisitorTally.objects.filter(event=OuterRef("pk"))))
        ),
        date="starts_on",
        province="province",
        country="province__country",
        dimensions={
            "campaign": "campaign",
            "phase": "stop__phase",
            "stop": "stop",
            "programme": "campaign__programme",
            "partner": "host_organization",
            "province": "province",
        },
        amount="attendance",
        link=lambda event: reverse("outreach:event_detail", args=[event.pk]),
        columns=(
            Column(_("Event title"), lambda e: e.title),
            Column(_("Day"), lambda e: e.starts_on),
            Column(_("Province"), lambda e: e.province),
            Column(_("Attendance"), lambda e: e.attendance),
        ),
    )
)

VISITORS = define(
    Indicator(
        code="visitors",
        label=_("Visitors"),
        description=_(
            "People counted at the stops and events: the visitor counter, or an event's head count "
            "where nobody ran it."
        ),
        group="outreach",
        unit=Unit.VISITORS,
        records=VisitorTally.objects.none,
        date="day",
        province="place_province",
        country="place_country",
        dimensions=EVENT_HEAD_COUNT.dimensions,
        step=1,
        parts=("visitors_counted", "event_head_count"),
    )
)

REGISTERED = define(
    Indicator(
        code="registered",
        label=_("Registrations"),
        description=_("Registrations taken at the stops and events."),
        group="outreach",
        unit=Unit.REGISTRATIONS,
        records=lambda: _placed(
            Registration.objects.select_related("person", "stop", "event", "specialty")
        ).annotate(on=TruncDate("captured_at")),
        date="on",
        province="place_province",
        country="place_country",
        dimensions={
            **OUTREACH_DIMENSIONS,
            "specialty": "specialty",
            "sex": "sex",
            "age_band": "age_band",
            "target_category": "person__target_categories",
        },
        step=2,
        order_by=("-captured_at", "-pk"),
        select_related=("stop__province",),
        link=link("people:detail", "person_id"),
        columns=(
            Column(_("Registered on"), lambda r: r.on),
            Column(_("Person"), lambda r: r.person),
            Column(_("Place"), _place_name),
            Column(_("Specialty"), lambda r: r.specialty or ""),
        ),
    )
)
