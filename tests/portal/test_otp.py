"""One-time codes: hashing, expiry, attempt limits, resend throttling, delivery."""

from __future__ import annotations

import re
from datetime import timedelta

import pytest
from django.core import mail
from django.utils import timezone

from rowad.core.sms import MemorySMSBackend
from rowad.portal import otp
from rowad.portal.enums import Channel, CodePurpose
from rowad.portal.models import OneTimeCode

pytestmark = pytest.mark.integration

PHONE = otp.Contact(Channel.SMS, "+213661234567")
EMAIL = otp.Contact(Channel.EMAIL, "amina@example.org")


REQUESTER = "holder-session"


def issue(captured, contact=PHONE, *, ip="10.0.0.1", language="ar", requester=REQUESTER):
    with captured(execute=True):
        code = otp.issue_code(
            contact, purpose=CodePurpose.SIGNUP, ip=ip, requester=requester, language=language
        )
    return code


def verify(code, entered, *, requester=REQUESTER, ip=None):
    return otp.verify_code(code.pk, entered, requester=requester, ip=ip)


def sent_code() -> str:
    return re.search(r"\d{6}", MemorySMSBackend.outbox[-1].body).group(0)


def age(code: OneTimeCode, seconds: int) -> None:
    OneTimeCode.objects.filter(pk=code.pk).update(created_at=code.created_at - timedelta(seconds=seconds))


def test_issue_code_sends_sms_after_commit_and_stores_only_a_hash(db, django_capture_on_commit_callbacks):
    with django_capture_on_commit_callbacks() as callbacks:
        code = otp.issue_code(
            PHONE, purpose=CodePurpose.SIGNUP, ip="10.0.0.1", requester=REQUESTER, language="ar"
        )
        assert MemorySMSBackend.outbox == []
    for callback in callbacks:
        callback()
    assert len(MemorySMSBackend.outbox) == 1
    assert MemorySMSBackend.outbox[0].to == "+213661234567"
    clear = sent_code()
    stored = OneTimeCode.objects.get(pk=code.pk)
    assert clear not in stored.code_hash
    assert clear not in stored.salt
    assert len(stored.code_hash) == 64


def test_code_message_is_in_the_holders_language(db, django_capture_on_commit_callbacks):
    issue(django_capture_on_commit_callbacks, language="fr")
    assert MemorySMSBackend.outbox[-1].body.startswith("Rowad : votre code est")


def test_code_message_in_arabic(db, django_capture_on_commit_callbacks):
    issue(django_capture_on_commit_callbacks, language="ar")
    assert "رمزك" in MemorySMSBackend.outbox[-1].body


def test_email_code_goes_through_django_mail(db, django_capture_on_commit_callbacks):
    issue(django_capture_on_commit_callbacks, EMAIL, language="fr")
    assert len(mail.outbox) == 1
    assert mail.outbox[0].to == ["amina@example.org"]
    assert re.search(r"\d{6}", mail.outbox[0].body)


def test_right_code_verifies_once(db, django_capture_on_commit_callbacks):
    code = issue(django_capture_on_commit_callbacks)
    verified = verify(code, sent_code())
    assert verified.used_at is not None
    with pytest.raises(otp.CodeError) as exc:
        verify(code, sent_code())
    assert exc.value.code == "code_invalid"


def test_code_with_spaces_is_accepted(db, django_capture_on_commit_callbacks):
    code = issue(django_capture_on_commit_callbacks)
    clear = sent_code()
    assert verify(code, f"{clear[:3]} {clear[3:]}").used_at is not None


def test_wrong_code_is_refused_and_counted(db, django_capture_on_commit_callbacks):
    code = issue(django_capture_on_commit_callbacks)
    wrong = "000000" if sent_code() != "000000" else "111111"
    with pytest.raises(otp.CodeError) as exc:
        verify(code, wrong)
    assert exc.value.code == "wrong_code"
    assert OneTimeCode.objects.get(pk=code.pk).attempts == 1


def test_expired_code_is_refused(db, django_capture_on_commit_callbacks):
    code = issue(django_capture_on_commit_callbacks)
    OneTimeCode.objects.filter(pk=code.pk).update(expires_at=timezone.now() - timedelta(seconds=1))
    with pytest.raises(otp.CodeError) as exc:
        verify(code, sent_code())
    assert exc.value.code == "code_expired"


def test_too_many_attempts_burns_the_code_even_with_the_right_code(db, django_capture_on_commit_callbacks):
    code = issue(django_capture_on_commit_callbacks)
    clear = sent_code()
    wrong = "000000" if clear != "000000" else "111111"
    codes = []
    for _ in range(otp.limit("PORTAL_OTP_MAX_ATTEMPTS")):
        with pytest.raises(otp.CodeError) as exc:
            verify(code, wrong)
        codes.append(exc.value.code)
    assert codes[-1] == "too_many_attempts"
    with pytest.raises(otp.CodeError) as exc:
        verify(code, clear)
    assert exc.value.code == "too_many_attempts"


def test_failures_over_several_codes_block_the_requester(db, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_OTP_MAX_FAILURES = 3
    code = issue(django_capture_on_commit_callbacks)
    OneTimeCode.objects.filter(pk=code.pk).update(attempts=3)
    age(code, 120)
    with pytest.raises(otp.CodeError) as exc:
        issue(django_capture_on_commit_callbacks, otp.Contact(Channel.SMS, "+213661234599"))
    assert exc.value.code == "too_many_codes"


def test_a_strangers_wrong_guesses_do_not_lock_the_phone(db, django_capture_on_commit_callbacks, settings):
    """Hole 4 of issue 18: failures were counted per phone, so anyone could lock a holder
    out by asking codes for their phone and entering wrong ones."""
    settings.PORTAL_OTP_MAX_FAILURES = 3
    attacker = issue(django_capture_on_commit_callbacks, requester="attacker", ip="192.0.2.66")
    clear = sent_code()
    wrong = "000000" if clear != "000000" else "111111"
    for _ in range(3):
        with pytest.raises(otp.CodeError):
            verify(attacker, wrong, requester="attacker", ip="192.0.2.66")
    age(attacker, 120)
    with pytest.raises(otp.CodeError) as exc:  # the attacker is locked, for any phone
        issue(
            django_capture_on_commit_callbacks,
            otp.Contact(Channel.SMS, "+213661234599"),
            requester="attacker",
        )
    assert exc.value.code == "too_many_codes"

    holder = issue(django_capture_on_commit_callbacks, requester="holder", ip="10.0.0.9")
    assert verify(holder, sent_code(), requester="holder", ip="10.0.0.9").used_at is not None


def test_a_new_code_does_not_supersede_another_sessions_code(db, django_capture_on_commit_callbacks):
    holder = issue(django_capture_on_commit_callbacks, requester="holder")
    holder_code = sent_code()
    age(holder, 61)
    issue(django_capture_on_commit_callbacks, requester="attacker", ip="192.0.2.66")
    assert verify(holder, holder_code, requester="holder").used_at is not None


def test_a_code_is_entered_only_from_the_session_that_asked_for_it(db, django_capture_on_commit_callbacks):
    code = issue(django_capture_on_commit_callbacks, requester="holder")
    with pytest.raises(otp.CodeError) as exc:
        verify(code, sent_code(), requester="someone-else")
    assert exc.value.code == "code_invalid"


def test_resend_too_soon_is_refused(db, django_capture_on_commit_callbacks):
    issue(django_capture_on_commit_callbacks)
    with pytest.raises(otp.CodeError) as exc:
        issue(django_capture_on_commit_callbacks)
    assert exc.value.code == "resend_too_soon"
    assert len(MemorySMSBackend.outbox) == 1


def test_resend_after_the_interval_supersedes_the_old_code(db, django_capture_on_commit_callbacks):
    first = issue(django_capture_on_commit_callbacks)
    first_code = sent_code()
    age(first, 61)
    issue(django_capture_on_commit_callbacks)
    with pytest.raises(otp.CodeError) as exc:
        verify(first, first_code)
    assert exc.value.code == "code_invalid"


def test_codes_per_destination_per_hour_are_limited(db, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_OTP_MAX_PER_DESTINATION = 2
    for _ in range(2):
        age(issue(django_capture_on_commit_callbacks), 61)
    with pytest.raises(otp.CodeError) as exc:
        issue(django_capture_on_commit_callbacks)
    assert exc.value.code == "too_many_codes"


def test_codes_per_ip_per_hour_are_limited(db, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_OTP_MAX_PER_IP = 2
    for n in range(2):
        issue(django_capture_on_commit_callbacks, otp.Contact(Channel.SMS, f"+21366123450{n}"))
    with pytest.raises(otp.CodeError) as exc:
        issue(django_capture_on_commit_callbacks, otp.Contact(Channel.SMS, "+213661234509"))
    assert exc.value.code == "too_many_codes"
    issue(django_capture_on_commit_callbacks, otp.Contact(Channel.SMS, "+213661234509"), ip="10.0.0.2")


def test_wrong_guesses_from_one_ip_are_limited(db, django_capture_on_commit_callbacks, settings):
    settings.PORTAL_OTP_MAX_FAILURES_PER_IP = 2
    code = issue(django_capture_on_commit_callbacks)
    OneTimeCode.objects.filter(pk=code.pk).update(attempts=2)
    with pytest.raises(otp.CodeError) as exc:
        verify(code, sent_code(), ip="10.0.0.1")
    assert exc.value.code == "too_many_attempts"


def test_parse_contact_normalizes_phone_and_email(db):
    assert otp.parse_contact("0661 23 45 67", "DZ") == otp.Contact(Channel.SMS, "+213661234567")
    assert otp.parse_contact(" Amina@Example.org ", "DZ") == otp.Contact(Channel.EMAIL, "amina@example.org")


def test_parse_contact_refuses_a_bad_phone(db):
    with pytest.raises(otp.ValidationError):
        otp.parse_contact("12", "DZ")


def test_parse_contact_refuses_a_bad_email(db):
    with pytest.raises(otp.ValidationError):
        otp.parse_contact("amina@", "DZ")
