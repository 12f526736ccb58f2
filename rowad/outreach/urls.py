from django.urls import path, register_converter

from .views import campaigns, events, field, figures, public


class PlaceKind:
    regex = "stop|event"

    def to_python(self, value: str) -> str:
        return value

    def to_url(self, value: str) -> str:
        return value


class SubjectKind(PlaceKind):
    regex = "campaign|phase|stop|event"


class Format(PlaceKind):
    regex = "csv|xlsx"


register_converter(PlaceKind, "place")
register_converter(SubjectKind, "subject")
register_converter(Format, "fmt")

app_name = "outreach"
urlpatterns = [
    path("campaigns/", campaigns.campaign_list, name="campaign_list"),
    path("campaigns/new/", campaigns.campaign_create, name="campaign_create"),
    path("campaigns/<int:pk>/", campaigns.campaign_detail, name="campaign_detail"),
    path("campaigns/<int:pk>/edit/", campaigns.campaign_edit, name="campaign_edit"),
    path("campaigns/<int:campaign_pk>/phases/new/", campaigns.phase_create, name="phase_create"),
    path("phases/<int:pk>/edit/", campaigns.phase_edit, name="phase_edit"),
    path("campaigns/<int:campaign_pk>/stops/new/", campaigns.stop_create, name="stop_create"),
    path("stops/<int:pk>/", campaigns.stop_detail, name="stop_detail"),
    path("stops/<int:pk>/edit/", campaigns.stop_edit, name="stop_edit"),
    path("stops/<int:pk>/cancel/", campaigns.stop_cancel, name="stop_cancel"),
    path("stops/<int:pk>/delete/", campaigns.stop_delete, name="stop_delete"),
    path("events/", events.event_list, name="event_list"),
    path("events/new/", events.event_create, name="event_create"),
    path("events/<int:pk>/", events.event_detail, name="event_detail"),
    path("events/<int:pk>/edit/", events.event_edit, name="event_edit"),
    path("events/<int:pk>/agenda/", events.agenda_add, name="agenda_add"),
    path("registrations/<int:pk>/ideas/", events.idea_add, name="idea_add"),
    path("ideas/<int:pk>/outcome/", events.idea_outcome, name="idea_outcome"),
    path("my-stops/", field.my_stops, name="my_stops"),
    path("suggestions/", field.suggestions, name="suggestions"),
    path("<place:kind>/<int:pk>/register/", field.register, name="register"),
    path("<place:kind>/<int:pk>/counter/", field.counter, name="counter"),
    path("<place:kind>/<int:pk>/close/", campaigns.place_close, name="place_close"),
    path("<place:kind>/<int:pk>/poster.pdf", public.poster, name="poster"),
    path("<subject:kind>/<int:pk>/figures/", figures.figures_page, name="figures"),
    path("<subject:kind>/<int:pk>/figures.<fmt:fmt>", figures.figures_export, name="figures_export"),
    path("<subject:kind>/<int:pk>/registrations/", field.registrations, name="registrations"),
    path(
        "<subject:kind>/<int:pk>/registrations.<fmt:fmt>",
        figures.registrations_export,
        name="registrations_export",
    ),
    path("r/<str:code>/", public.public_register, name="public_register"),
    path("r/<str:code>/thanks/", public.public_thanks, name="public_thanks"),
]
