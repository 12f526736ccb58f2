"""Sign-up and log-in by one-time code, through the pages."""

from __future__ import annotations

import re

import pytest
from django.urls import reverse

from rowad.accounts.enums import Role
from rowad.accounts.models import User
from rowad.core.sms import MemorySMSBackend
from rowad.people.models import Person
from rowad.portal.enums import ClaimState
from rowad.portal.models import HolderAccount, OneTimeCode
from tests.factories import PersonFactory
from tests.portal.helpers import enter_code, last_sms_code, sign_up

pytestmark = pytest.mark.integration


def test_signup_by_phone_creates_a_holder_and_logs_in(client, world, django_capture_on_commit_callbacks):
    response = sign_up(client, django_capture_on_commit_callbacks, language="fr")
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify")
    assert MemorySMSBackend.outbox[-1].to == "+213661234567"

    response = enter_code(client, last_sms_code())

    assert response.status_code == 302
    assert response["Location"] == reverse("portal:profile")
    assert response.cookies["rowad_language"].value == "fr"
    account = HolderAccount.objects.get(phone="+213661234567")
    assert account.user.preferred_language == "fr"
    assert account.user.has_usable_password() is False
    assert list(account.user.memberships.values_list("role", flat=True)) == [Role.PROJECT_HOLDER]
    assert account.consents == ["registration", "contact"]
    assert client.get(reverse("portal:profile")).status_code == 200


def test_signup_by_email(client, world, django_capture_on_commit_callbacks):
    from django.core import mail

    response = sign_up(client, django_capture_on_commit_callbacks, contact="Karim@Example.org")
    assert response.status_code == 302
    code = re.search(r"\d{6}", mail.outbox[-1].body).group(0)
    enter_code(client, code)
    assert HolderAccount.objects.get(email="karim@example.org").email_verified_at is not None


def test_signup_needs_the_registration_consent(client, world):
    response = client.post(
        reverse("portal:signup"), {"country": "DZ", "contact": "0661234567", "language": "ar"}
    )
    assert response.status_code == 400
    assert OneTimeCode.objects.count() == 0


def test_signup_with_a_bad_phone_shows_a_message(client, world):
    response = client.post(
        reverse("portal:signup"),
        {"country": "DZ", "contact": "0012", "language": "ar", "consent_registration": "on"},
    )
    assert response.status_code == 400
    assert "This is not a valid phone number." in response.content.decode()


def test_wrong_code_on_the_page_keeps_the_visitor_out(client, world, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    wrong = "000000" if last_sms_code() != "000000" else "111111"
    response = enter_code(client, wrong)
    assert response.status_code == 400
    assert "This code is not right. 4 attempts left." in response.content.decode()
    assert User.objects.filter(holder_account__isnull=False).count() == 0
    assert "_auth_user_id" not in client.session


def test_resend_too_soon_shows_a_message(client, world, django_capture_on_commit_callbacks):
    sign_up(client, django_capture_on_commit_callbacks)
    response = client.post(reverse("portal:resend"), follow=True)
    assert "A code was just sent." in response.content.decode()
    assert len(MemorySMSBackend.outbox) == 1


def test_double_signup_of_the_same_phone_logs_in_the_same_account(
    client, world, django_capture_on_commit_callbacks
):
    sign_up(client, django_capture_on_commit_callbacks)
    enter_code(client, last_sms_code())
    client.logout()
    OneTimeCode.objects.update(created_at=OneTimeCode.objects.first().created_at.replace(year=2020))

    sign_up(client, django_capture_on_commit_callbacks)
    response = enter_code(client, last_sms_code())

    assert response.status_code == 302
    assert HolderAccount.objects.count() == 1
    assert User.objects.filter(username__startswith="holder-").count() == 1


def test_login_by_code(client, holder, django_capture_on_commit_callbacks):
    user, account, _person = holder
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:login"), {"country": "DZ", "contact": account.phone})
    assert response.status_code == 302
    response = enter_code(client, last_sms_code())
    assert response["Location"] == reverse("portal:home")
    assert int(client.session["_auth_user_id"]) == user.pk


def test_login_of_an_unknown_phone_sends_nothing_and_looks_the_same(
    client, world, django_capture_on_commit_callbacks
):
    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:login"), {"country": "DZ", "contact": "0770123456"})
    assert response.status_code == 302
    assert response["Location"] == reverse("portal:verify")
    assert MemorySMSBackend.outbox == []
    assert OneTimeCode.objects.filter(destination="+213770123456").count() == 1


def test_login_code_is_sent_in_the_holders_language(client, holder, django_capture_on_commit_callbacks):
    user, account, _person = holder
    User.objects.filter(pk=user.pk).update(preferred_language="fr")
    with django_capture_on_commit_callbacks(execute=True):
        client.post(reverse("portal:login"), {"country": "DZ", "contact": account.phone})
    assert MemorySMSBackend.outbox[-1].body.startswith("Rowad : votre code est")


def test_verify_without_a_pending_code_goes_to_login(client, world):
    response = client.get(reverse("portal:verify"))
    assert response["Location"] == reverse("portal:login")


def test_signup_with_a_phone_known_to_the_registry_offers_a_claim_without_revealing_it(
    client, world, django_capture_on_commit_callbacks
):
    PersonFactory(
        phone="+213661234567", national_id="109990101000000999", given_name_latin="Secretname", user=None
    )
    sign_up(client, django_capture_on_commit_callbacks)
    enter_code(client, last_sms_code())
    account = HolderAccount.objects.get()
    assert account.claim_state == ClaimState.PENDING
    page = client.get(reverse("portal:profile")).content.decode()
    assert "Secretname" not in page
    assert 'action="/portal/profile/claim/"' in page


def _pending_claim(client, captured):
    person = PersonFactory(
        phone="+213661234567", national_id="109990101000000999", birth_date="1996-05-14", user=None
    )
    sign_up(client, captured)
    enter_code(client, last_sms_code())
    return person


def test_claim_with_matching_id_and_birth_date_links_the_record(
    client, world, django_capture_on_commit_callbacks
):
    person = _pending_claim(client, django_capture_on_commit_callbacks)
    response = client.post(
        reverse("portal:claim"), {"national_id": "1099 9010 1000 0009 99", "birth_date": "1996-05-14"}
    )
    assert response.status_code == 302
    person.refresh_from_db()
    account = HolderAccount.objects.get()
    assert person.user_id == account.user_id
    assert account.claim_state == ClaimState.CLOSED
    assert sorted(person.consents.values_list("purpose", flat=True)) == ["contact", "registration"]


def test_claim_with_a_wrong_birth_date_is_refused(client, world, django_capture_on_commit_callbacks):
    person = _pending_claim(client, django_capture_on_commit_callbacks)
    client.post(reverse("portal:claim"), {"national_id": "109990101000000999", "birth_date": "1996-05-15"})
    person.refresh_from_db()
    assert person.user_id is None
    assert HolderAccount.objects.get().claim_attempts == 1


def test_claim_closes_after_three_wrong_answers(client, world, django_capture_on_commit_callbacks):
    person = _pending_claim(client, django_capture_on_commit_callbacks)
    for _ in range(3):
        client.post(
            reverse("portal:claim"), {"national_id": "109990101000000998", "birth_date": "1996-05-14"}
        )
    client.post(reverse("portal:claim"), {"national_id": "109990101000000999", "birth_date": "1996-05-14"})
    person.refresh_from_db()
    assert person.user_id is None
    assert HolderAccount.objects.get().claim_state == ClaimState.CLOSED


def test_claim_of_a_person_with_another_phone_is_refused(client, world, django_capture_on_commit_callbacks):
    _pending_claim(client, django_capture_on_commit_callbacks)
    stranger = PersonFactory(phone="+213550000000", national_id="109990101000000555", birth_date="1990-01-01")
    client.post(reverse("portal:claim"), {"national_id": "109990101000000555", "birth_date": "1990-01-01"})
    stranger.refresh_from_db()
    assert stranger.user_id is None
    assert Person.objects.filter(user__isnull=False).count() == 0
