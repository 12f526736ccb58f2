import pytest

from rowad.accounts.enums import Role
from rowad.dossiers import services
from rowad.dossiers.enums import StudyResult
from rowad.dossiers.models import Dossier, Study
from rowad.people.models import Person
from tests.dossiers.factories import make_dossier, pdf
from tests.factories import PersonFactory
from tests.financing.factories import approve_plan_of


@pytest.fixture
def holder_user(world):
    """The Oran world's project holder user, linked to a person."""
    user = world.users[Role.PROJECT_HOLDER]
    person = PersonFactory(
        national_id="",
        organization=world.oran_agency,
        email="holder@example.org",
        phone="+213661234567",
        preferred_language="fr",
    )
    Person.objects.filter(pk=person.pk).update(user=user)
    user.refresh_from_db()
    user.__dict__.pop("_rowad_scope", None)  # the scope cache predates the person link
    return user


@pytest.fixture
def ready_dossier(world, holder_user):
    """A dossier every guard accepts, held by holder_user; put it in any state with
    `ready_dossier(state)`."""

    def build(state: str = "idea") -> Dossier:
        dossier = make_dossier(world, holders=[holder_user.person])
        for doc_type in dossier.programme.required_documents.all():
            services.upload_document(
                dossier, document_type=doc_type, file=pdf(), actor=world.users["agency_officer"]
            )
        Study.objects.create(dossier=dossier, result=StudyResult.FAVOURABLE, opinion="Bon projet")
        approve_plan_of(dossier)
        Dossier.objects.filter(pk=dossier.pk).update(state=state)
        dossier.refresh_from_db()
        return dossier

    return build
