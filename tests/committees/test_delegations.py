import datetime
import shutil
import subprocess
from decimal import Decimal

import pytest
from django.template.loader import render_to_string
from django.urls import reverse
from django.utils import timezone, translation

from rowad.accounts.enums import Role
from rowad.committees import services
from rowad.committees.enums import Decision
from rowad.committees.models import DecisionDelegation, DecisionLetter, DelegatedDecision
from rowad.committees.pdf import render_pdf
from rowad.committees.views import letter_context
from rowad.core.errors import DomainError
from rowad.core.models import AuditEntry
from rowad.dossiers.enums import DossierState
from rowad.dossiers.models import Dossier, StateChange
from tests.factories import MembershipFactory, UserFactory

pytestmark = pytest.mark.integration

TODAY = datetime.date.today


def delegate(committee, *, to=None, decisions=("approved", "rejected"), amount="2000000", days=(-1, 30)):
    return services.create_delegation(
        committee.programme,
        delegate=to or committee.members[0],
        decisions=list(decisions),
        max_amount=Decimal(amount),
        valid_from=TODAY() + datetime.timedelta(days=days[0]),
        valid_until=TODAY() + datetime.timedelta(days=days[1]),
        reason="Urgence : campagne de la caravane, petits montants",
        actor=committee.officer,
    )


def _code(callable_, *args, **kwargs) -> str:
    with pytest.raises(DomainError) as excinfo:
        callable_(*args, **kwargs)
    return excinfo.value.code


def test_delegate_decides_and_the_decision_names_the_delegation(committee):
    delegation = delegate(committee)
    dossier = committee.dossiers[0]

    record = services.decide_by_delegation(
        dossier,
        decision=Decision.APPROVED,
        reasons="Petit montant, dossier complet",
        actor=committee.members[0],
    )

    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.APPROVED
    assert (record.delegation, record.decided_by, record.decision) == (
        delegation,
        committee.members[0],
        "approved",
    )
    change = StateChange.objects.filter(dossier=dossier).first()
    assert (change.to_state, change.decided_by_body, change.decision_reference) == (
        "approved",
        "delegation",
        f"committees.delegateddecision:{record.pk}",
    )
    assert f"D-{delegation.pk}" in change.decision_label
    letter = DecisionLetter.objects.get(delegated=record)
    assert (letter.holder, letter.item) == (committee.holders[0], None)
    assert AuditEntry.objects.filter(
        action="committees.delegation.decided", object_id=str(dossier.pk)
    ).exists()


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_delegated_letter_names_the_delegation_in_arabic_and_french(committee, language):
    delegation = delegate(committee)
    record = services.decide_by_delegation(
        committee.dossiers[0], decision="rejected", reasons="السوق مشبع", actor=committee.members[0]
    )
    letter = record.letters.get()

    with translation.override(language):
        html = render_to_string(
            "committees/pdf/letter.html", {**letter_context(letter), "LANGUAGE_CODE": language}
        )
        heading = translation.gettext("Decision taken under delegation")
    assert heading in html
    assert f"D-{delegation.pk}" in html
    assert delegation.reason in html
    assert committee.members[0].get_full_name() in html


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils (pdftotext) not installed")
def test_delegated_letter_pdf_renders_in_arabic(committee, tmp_path):
    delegation = delegate(committee)
    record = services.decide_by_delegation(
        committee.dossiers[0], decision="approved", reasons="", actor=committee.members[0]
    )
    content = render_pdf("committees/pdf/letter.html", letter_context(record.letters.get()), language="ar")
    path = tmp_path / "letter.pdf"
    path.write_bytes(content)
    text = subprocess.run(
        ["pdftotext", "-enc", "UTF-8", str(path), "-"], check=True, capture_output=True, text=True
    ).stdout
    assert f"D-{delegation.pk}" in text
    assert "بلقاسم" in text


def test_expired_delegation_refused(committee):
    delegate(committee, days=(-30, -1))
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[0],
    )
    assert code == "delegation_expired"
    assert Dossier.objects.get(pk=committee.dossiers[0].pk).state == DossierState.READY_FOR_COMMITTEE


def test_delegation_not_yet_valid_refused(committee):
    delegate(committee, days=(2, 30))
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[0],
    )
    assert code == "delegation_expired"


def test_delegation_over_amount_refused(committee):
    delegate(committee, amount="999999.99")
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[0],
    )
    assert code == "over_amount"
    assert not DelegatedDecision.objects.exists()


def test_delegation_wrong_user_refused(committee):
    delegate(committee)
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[1],
    )
    assert code == "no_delegation"
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.officer,
    )
    assert code == "no_delegation"


def test_revoked_delegation_refused(committee):
    delegation = delegate(committee)
    services.revoke_delegation(delegation, reason="Fin de l'urgence", actor=committee.officer)
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[0],
    )
    assert code == "delegation_revoked"
    assert AuditEntry.objects.filter(action="committees.delegation.revoked").count() == 1


def test_decision_not_delegated_refused(committee):
    delegate(committee, decisions=("deferred",))
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[0],
    )
    assert code == "decision_not_delegated"


def test_dossier_on_a_session_agenda_is_decided_there(committee):
    delegate(committee)
    services.add_agenda_item(committee.session, dossier=committee.dossiers[0], actor=committee.officer)
    code = _code(
        services.decide_by_delegation,
        committee.dossiers[0],
        decision="approved",
        reasons="",
        actor=committee.members[0],
    )
    assert code == "on_agenda"


def test_only_an_officer_of_the_operator_creates_a_delegation(committee):
    world = committee.world
    for actor in (world.outsider, committee.members[1], world.users[Role.DIRECTOR]):
        with pytest.raises(DomainError) as excinfo:
            services.create_delegation(
                committee.programme,
                delegate=committee.members[0],
                decisions=["approved"],
                max_amount=1,
                valid_from=TODAY(),
                valid_until=TODAY(),
                reason="x",
                actor=actor,
            )
        assert excinfo.value.code == "not_allowed"
    assert not DecisionDelegation.objects.exists()


def test_delegate_must_belong_to_the_operator(committee):
    stranger = UserFactory(username="committee-elsewhere")
    MembershipFactory(
        user=stranger,
        organization=committee.world.hoceima_agency,
        role=Role.COMMITTEE_MEMBER,
        provinces=[committee.world.hoceima],
    )
    code = _code(delegate, committee, to=stranger)
    assert code == "bad_delegate"


def test_delegation_dates_and_reason_checked(committee):
    assert _code(delegate, committee, days=(5, 1)) == "bad_dates"
    with pytest.raises(DomainError) as excinfo:
        services.create_delegation(
            committee.programme,
            delegate=committee.members[0],
            decisions=[],
            max_amount=1,
            valid_from=TODAY(),
            valid_until=TODAY(),
            reason="x",
            actor=committee.officer,
        )
    assert excinfo.value.code == "no_decisions"


# --- Pages ---------------------------------------------------------------------------


def test_decide_page_exists_only_for_a_valid_delegate(client, committee):
    dossier = committee.dossiers[0]
    url = reverse("committees:delegated_decide", args=[dossier.pk])
    client.force_login(committee.members[0])
    assert client.get(url).status_code == 404

    delegate(committee)
    client.force_login(committee.members[1])
    assert client.get(url).status_code == 404
    client.force_login(committee.officer)
    assert client.get(url).status_code == 404
    client.force_login(committee.members[0])
    assert client.get(url).status_code == 200

    response = client.post(url, {"decision": "approved", "reasons": "Petit montant"})

    assert response.status_code in (200, 302)
    assert Dossier.objects.get(pk=dossier.pk).state == DossierState.APPROVED
    assert client.get(url).status_code == 404  # decided: nothing left to decide


def test_dossier_panel_offers_the_delegation_to_the_delegate_only(client, committee):
    dossier = committee.dossiers[0]
    panel = reverse("committees:dossier_decision", args=[dossier.pk])
    decide = reverse("committees:delegated_decide", args=[dossier.pk])
    client.force_login(committee.officer)
    content = client.get(panel).content.decode()
    assert 'id="decision-waiting"' in content and decide not in content

    delegate(committee, to=committee.officer)
    assert decide in client.get(panel).content.decode()
    client.force_login(committee.members[0])
    services.add_agenda_item(committee.session, dossier=committee.dossiers[1], actor=committee.officer)
    assert decide not in client.get(panel).content.decode()


def test_dossier_panel_says_which_session_decided_with_letters(client, committee):
    from tests.committees.factories import decide_in_committee

    dossier = decide_in_committee(
        committee.dossiers[0], "deferred", actor=committee.officer, reasons="Visite"
    )
    client.force_login(committee.officer)
    content = client.get(reverse("committees:dossier_decision", args=[dossier.pk])).content.decode()
    letter = DecisionLetter.objects.get(item__dossier=dossier)
    assert reverse("committees:decision_letter", args=[letter.pk]) in content
    assert f"Commission — {dossier.reference}" in content


def test_delegation_pages_create_list_and_revoke(client, committee):
    client.force_login(committee.officer)
    today = timezone.localdate()
    response = client.post(
        reverse("committees:delegation_create"),
        {
            "programme": committee.programme.pk,
            "delegate": committee.members[0].pk,
            "decisions": ["approved", "deferred"],
            "max_amount": "500000",
            "valid_from": today.isoformat(),
            "valid_until": (today + datetime.timedelta(days=10)).isoformat(),
            "reason": "Urgence de fin d'année",
        },
    )
    assert response.status_code == 302
    delegation = DecisionDelegation.objects.get()
    assert (delegation.decisions, delegation.max_amount, delegation.created_by) == (
        ["approved", "deferred"],
        Decimal("500000"),
        committee.officer,
    )
    assert "Urgence de fin d" in client.get(reverse("committees:delegation_list")).content.decode()

    client.post(reverse("committees:delegation_revoke", args=[delegation.pk]), {"reason": "Fin"})

    delegation.refresh_from_db()
    assert (delegation.revoked_by, delegation.revocation_reason) == (committee.officer, "Fin")


def test_verify_page_shows_a_delegated_letter(client, committee):
    delegation = delegate(committee)
    record = services.decide_by_delegation(
        committee.dossiers[0], decision="approved", reasons="", actor=committee.members[0]
    )
    letter = record.letters.get()
    response = client.get(reverse("committees:verify_letter", args=[letter.token]))
    assert response.status_code == 200
    assert f"D-{delegation.pk}" in response.content.decode()


def test_decide_page_with_two_delegations_of_the_delegate(client, committee):
    delegate(committee, decisions=("approved",))
    delegate(committee, decisions=("deferred",))
    client.force_login(committee.members[0])
    response = client.get(reverse("committees:delegated_decide", args=[committee.dossiers[0].pk]))
    assert response.status_code == 200
    content = response.content.decode()
    assert 'value="approved"' in content and 'value="deferred"' in content
