import pytest

from rowad.dossiers import services
from rowad.dossiers.enums import DossierState
from rowad.dossiers.queries import dossiers_visible_to, person_ids_with_dossiers
from tests.dossiers.factories import advance, make_dossier

pytestmark = pytest.mark.integration


def test_dossier_walks_main_path_to_closed(world):
    officer = world.users["agency_officer"]
    dossier = make_dossier(world)
    dossier = advance(dossier, DossierState.CLOSED, actor=officer)
    assert list(dossier.state_changes.values_list("to_state", flat=True))[:2] == ["closed", "company_created"]
    assert dossiers_visible_to(officer).count() == 1
    assert dossiers_visible_to(world.outsider).count() == 0
    person_id = dossier.holder_links.get().person_id
    assert person_ids_with_dossiers([person_id, 0]) == {person_id}
    assert services.submit_dossier
