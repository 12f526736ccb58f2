"""The decision letter link on the holder's dossier page (needs the committees app,
merged separately: skipped until it is installed)."""

from __future__ import annotations

import pytest
from django.urls import NoReverseMatch, reverse
from django.utils import timezone

from tests.dossiers.factories import make_dossier

pytestmark = pytest.mark.integration

committees_models = pytest.importorskip("rowad.committees.models")
if not hasattr(committees_models, "DecisionLetter"):
    pytest.skip("the committees app has no decision letters yet", allow_module_level=True)
try:
    reverse("committees:decision_letter", kwargs={"pk": 1})
except NoReverseMatch:
    pytest.skip("committees:decision_letter is not installed", allow_module_level=True)


def _letter(world, dossier, person, *, announced=True):
    session = committees_models.CommitteeSession.objects.create(
        organization=world.oran_agency,
        title="Commission de wilaya",
        held_at=timezone.now(),
        place="Siège de l'agence",
        quorum=1,
        status="announced" if announced else "planned",
    )
    item = committees_models.AgendaItem.objects.create(session=session, dossier=dossier, decision="approved")
    return committees_models.DecisionLetter.objects.create(
        item=item, holder=person, reference=f"L-{dossier.pk}", issued_at=timezone.now()
    )


def test_holder_sees_the_link_to_their_announced_letter(client, world, holder):
    dossier = make_dossier(world, holders=[holder[2]])
    letter = _letter(world, dossier, holder[2])
    client.force_login(holder[0])
    page = client.get(reverse("portal:dossier_detail", args=[dossier.pk])).content.decode()
    assert reverse("committees:decision_letter", kwargs={"pk": letter.pk}) in page


def test_letter_of_a_session_not_announced_is_not_shown(client, world, holder):
    dossier = make_dossier(world, holders=[holder[2]])
    letter = _letter(world, dossier, holder[2], announced=False)
    client.force_login(holder[0])
    page = client.get(reverse("portal:dossier_detail", args=[dossier.pk])).content.decode()
    assert reverse("committees:decision_letter", kwargs={"pk": letter.pk}) not in page
