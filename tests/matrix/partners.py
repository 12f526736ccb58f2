"""Partners pages and API: every staff role reads what is in its scope; agency officers
(and platform admins) write."""

from django.core.files.base import ContentFile

from rowad.accounts.enums import Role
from rowad.partners.enums import OrganizationKind, PartyRole
from tests.factories import AgreementFactory, AgreementPartyFactory, OrganizationFactory, ProgrammeFactory
from tests.matrix.base import Expect

R = Role
READERS = frozenset(set(R.values) - {R.PROJECT_HOLDER})
WRITERS = frozenset({R.AGENCY_OFFICER})


def build(world) -> None:
    sponsor = OrganizationFactory(
        kind=OrganizationKind.SPONSOR, country="DZ", name_fr="Sponsor Oranais", provinces=[world.oran]
    )
    agreement = AgreementFactory(title="Convention Oranaise")
    AgreementPartyFactory(agreement=agreement, organization=world.oran_agency, role=PartyRole.OPERATOR)
    AgreementPartyFactory(agreement=agreement, organization=sponsor, role=PartyRole.SPONSOR)
    agreement.document.save("matrix.pdf", ContentFile(b"%PDF-1.4 matrix"), save=True)
    programme = ProgrammeFactory(code="matrix-oran", operator=world.oran_agency)
    programme.agreements.add(agreement)
    foreign_org = OrganizationFactory(
        kind=OrganizationKind.FUNDER, country="MA", name_fr="Zzpartnerforeignzz", provinces=[world.hoceima]
    )
    foreign_agreement = AgreementFactory(title="Zzpartnerforeignzz convention")
    AgreementPartyFactory(
        agreement=foreign_agreement, organization=world.hoceima_agency, role=PartyRole.OPERATOR
    )
    AgreementPartyFactory(agreement=foreign_agreement, organization=foreign_org, role=PartyRole.FUNDER)
    foreign_programme = ProgrammeFactory(
        code="matrix-foreign", name_fr="Zzpartnerforeignzz programme", operator=world.hoceima_agency
    )
    world.objects.update(
        partner_org=sponsor,
        partner_agreement=agreement,
        partner_programme=programme,
        foreign_org=foreign_org,
        foreign_agreement=foreign_agreement,
        pa_foreign_programme=foreign_programme,
    )


def _obj(key):
    return lambda w: {"pk": w.objects[key].pk}


def _hidden(w):
    return "Zzpartnerforeignzz"


ORG, ORG_OUT = _obj("partner_org"), _obj("foreign_org")
AGR, AGR_OUT = _obj("partner_agreement"), _obj("foreign_agreement")
PRG, PRG_OUT = _obj("partner_programme"), _obj("pa_foreign_programme")

EXPECTATIONS = {
    "partners:organization_list": Expect(allowed=READERS, hidden_text=_hidden),
    "partners:organization_create": Expect(allowed=WRITERS),
    "partners:organization_detail": Expect(allowed=READERS, kwargs=ORG, out_of_scope_kwargs=ORG_OUT),
    "partners:organization_edit": Expect(allowed=WRITERS, kwargs=ORG, out_of_scope_kwargs=ORG_OUT),
    "partners:agreement_list": Expect(allowed=READERS, hidden_text=_hidden),
    "partners:agreement_create": Expect(allowed=WRITERS),
    "partners:agreement_detail": Expect(allowed=READERS, kwargs=AGR, out_of_scope_kwargs=AGR_OUT),
    "partners:agreement_edit": Expect(allowed=WRITERS, kwargs=AGR, out_of_scope_kwargs=AGR_OUT),
    "partners:agreement_document": Expect(allowed=READERS, kwargs=AGR, out_of_scope_kwargs=AGR_OUT),
    "partners:programme_list": Expect(allowed=READERS, hidden_text=_hidden),
    "partners:programme_create": Expect(allowed=WRITERS),
    "partners:programme_detail": Expect(allowed=READERS, kwargs=PRG, out_of_scope_kwargs=PRG_OUT),
    "partners:programme_edit": Expect(allowed=WRITERS, kwargs=PRG, out_of_scope_kwargs=PRG_OUT),
    "organization-list": Expect(allowed=READERS, hidden_text=_hidden),
    "organization-detail": Expect(allowed=READERS, kwargs=ORG, out_of_scope_kwargs=ORG_OUT),
    "agreement-list": Expect(allowed=READERS, hidden_text=_hidden),
    "agreement-detail": Expect(allowed=READERS, kwargs=AGR, out_of_scope_kwargs=AGR_OUT),
    # PUT without a file: writers get the 400 that asks for one, the others 403/404.
    "agreement-document": Expect(
        allowed=WRITERS, kwargs=AGR, out_of_scope_kwargs=AGR_OUT, method="put", ok_status=frozenset({400})
    ),
    "programme-list": Expect(allowed=READERS, hidden_text=_hidden),
    "programme-detail": Expect(allowed=READERS, kwargs=PRG, out_of_scope_kwargs=PRG_OUT),
}
