"""The figures (pages and API): directors, agency officers and organization administrators
read them for their provinces (the platform admin everywhere); every other role is
refused. The pages and the values are asked for Oran (`?province=<Oran>`): a reader of
other provinces only (the Al Hoceima officer, or an Oran user who reads figures only as
an officer in Al Hoceima) is refused, never shown an empty page. The public page of
aggregates is open to everyone. Al Hoceima: a registration whose campaign and person carry
a name that must never show to an Oran reader."""

from rowad.accounts.enums import Role
from rowad.figures.models import ExportJob, SavedReport
from tests.factories import PersonFactory
from tests.matrix.base import ALL_ROLES, Expect
from tests.outreach.factories import CampaignFactory, PhaseFactory, RegistrationFactory, StopFactory

R = Role
READERS = frozenset({R.DIRECTOR, R.AGENCY_OFFICER, R.ORG_ADMIN})
FOREIGN = "Zzfiguresforeignzz"


def build(world) -> None:
    director = world.users[Role.DIRECTOR]
    report = SavedReport.objects.create(
        organization=world.oran_agency,
        name="Oran",
        indicators=["registered"],
        query="country=DZ",
        created_by=director,
    )
    elsewhere = SavedReport.objects.create(
        organization=world.hoceima_agency, name=FOREIGN, indicators=["registered"], query="country=MA"
    )
    job = ExportJob.objects.create(
        kind="csv", indicator="registered", query="country=DZ", requested_by=director
    )
    world.objects.update(figures_report=report, figures_report_elsewhere=elsewhere, figures_export=job)

    campaign = CampaignFactory(
        country="MA", name_fr=FOREIGN, name_ar=FOREIGN, lead_organization=world.hoceima_agency
    )
    stop = StopFactory(phase=PhaseFactory(campaign=campaign), province=world.hoceima)
    foreign = RegistrationFactory(stop=stop, person=PersonFactory(country="MA", family_name_latin=FOREIGN))
    oran = RegistrationFactory(stop=StopFactory(province=world.oran))
    world.objects.update(figures_registration_oran=oran, figures_registration_foreign=foreign)


def _oran(w) -> str:
    return f"?country=DZ&province={w.oran.pk}"


def _code(w) -> dict:
    return {"code": "registered"}


def _hidden(w) -> str:
    return FOREIGN


def _report(w) -> dict:
    return {"pk": w.objects["figures_report"].pk}


def _report_elsewhere(w) -> dict:
    return {"pk": w.objects["figures_report_elsewhere"].pk}


def _export(w) -> dict:
    return {"pk": w.objects["figures_export"].pk}


# An export is its requester's alone (its file may hold personal data): the Oran director
# asked for it; every other user, the platform admin included, gets 404 — so "allowed"
# below accepts 404 too, and tests/figures/test_exports.py checks the requester's 200.
OWN_EXPORT = Expect(allowed=frozenset({R.DIRECTOR}), kwargs=_export, ok_status=frozenset({200, 302, 404}))

EXPECTATIONS = {
    "figures:compare": Expect(allowed=READERS, query=_oran, hidden_text=_hidden),
    "figures:report_pdf": Expect(allowed=READERS, query=_oran),
    "figures:report_list": Expect(allowed=READERS, hidden_text=_hidden),
    "figures:report_new": Expect(allowed=READERS, query=_oran),
    "figures:report_open": Expect(allowed=READERS, kwargs=_report, out_of_scope_kwargs=_report_elsewhere),
    "figures:report_edit": Expect(allowed=READERS, kwargs=_report, out_of_scope_kwargs=_report_elsewhere),
    "figures:saved_report_pdf": Expect(
        allowed=READERS, kwargs=_report, out_of_scope_kwargs=_report_elsewhere
    ),
    "figures:report_subscription": Expect(
        allowed=READERS,
        kwargs=_report,
        out_of_scope_kwargs=_report_elsewhere,
        method="post",
        ok_status=frozenset({302}),
    ),
    "figures:report_delete": Expect(
        allowed=READERS,
        kwargs=_report,
        method="post",
        ok_status=frozenset({302, 404}),
    ),
    "figures:summary_export": Expect(allowed=READERS, kwargs=lambda w: {"fmt": "csv"}, query=_oran),
    "figures:records_export": Expect(
        allowed=READERS,
        kwargs=lambda w: {"code": "registered", "fmt": "csv"},
        query=_oran,
        method="post",
        ok_status=frozenset({200, 302}),
    ),
    "figures:export_job": OWN_EXPORT,
    "figures:export_cancel": Expect(
        allowed=frozenset({R.DIRECTOR}), kwargs=_export, method="post", ok_status=frozenset({302, 404})
    ),
    "figures:export_download": OWN_EXPORT,
    "figures:dashboard": Expect(allowed=READERS, query=_oran, hidden_text=_hidden),
    "figures:indicator": Expect(allowed=READERS, kwargs=_code, query=_oran, hidden_text=_hidden),
    "figures:records": Expect(allowed=READERS, kwargs=_code, query=_oran, hidden_text=_hidden),
    "figures:public": Expect(allowed=ALL_ROLES, public=True, hidden_text=_hidden),
    "figures-indicators-list": Expect(allowed=READERS),
    "figures-values-list": Expect(
        allowed=READERS, query=lambda w: f"{_oran(w)}&indicator=registered&by=campaign", hidden_text=_hidden
    ),
    "figures-funnel-list": Expect(allowed=READERS, query=_oran, hidden_text=_hidden),
}
