"""Letters and minutes read in the reader's language (issue 16, item 7): dates written
out ("12 mars 2026", "12 مارس 2026"), not ISO; amounts with the locale's separators and
the currency; the session number without a "#" that right to left turns into "2#"."""

import pytest
from django.template.loader import render_to_string
from django.utils import translation

from rowad.committees import services
from rowad.committees.models import DecisionLetter
from rowad.committees.views import letter_context
from rowad.core.templatetags.rowad_format import long_date, money
from tests.committees.test_delegations import delegate

pytestmark = pytest.mark.integration


@pytest.fixture
def announced(committee):
    session = committee.session
    services.record_attendance(session, present=committee.members, actor=committee.officer)
    votes = {m.pk: "for" for m in committee.members}
    for dossier in committee.dossiers:
        item = services.add_agenda_item(session, dossier=dossier, actor=committee.officer)
        services.record_decision(
            item, decision="approved", reasons="Projet viable", votes=votes, actor=committee.officer
        )
    services.announce_session(session, actor=committee.officer)
    return committee


def render(template, context, language):
    with translation.override(language):
        return render_to_string(template, {**context, "LANGUAGE_CODE": language})


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_letter_dates_written_out(announced, language):
    letter = DecisionLetter.objects.filter(item__session=announced.session).first()
    html = render("committees/pdf/letter.html", letter_context(letter), language)
    with translation.override(language):
        issued, held = long_date(letter.issued_at), long_date(announced.session.held_at)
    assert issued in html and held in html
    assert letter.issued_at.strftime("%Y-%m-%d") not in html


@pytest.mark.parametrize(("language", "number"), [("ar", "الجلسة رقم"), ("fr", "Séance n°")])
def test_minutes_number_the_session_in_words(announced, language, number):
    session = announced.session
    context = {"session": session, "seats": [], "items": [], "present": 0}
    html = render("committees/pdf/minutes.html", context, language)
    assert f">#{session.pk}<" not in html
    assert f'{number} <bdi dir="ltr">{session.pk}</bdi>' in html
    with translation.override(language):
        assert long_date(session.held_at) in html


@pytest.mark.parametrize("language", ["ar", "fr"])
def test_delegated_letter_amount_with_currency(committee, language):
    delegation = delegate(committee, amount="3200000")
    record = services.decide_by_delegation(
        committee.dossiers[0], decision="approved", reasons="", actor=committee.members[0]
    )
    html = render("committees/pdf/letter.html", letter_context(record.letters.get()), language)
    with translation.override(language):
        assert money(delegation.max_amount, committee.programme.operator.country) in html
    assert "3200000" not in html
