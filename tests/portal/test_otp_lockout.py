"""Hole 4 of issue 18, through the pages: a stranger who asks for codes for a holder's
phone and enters wrong ones locks only their own session and address, never the holder."""

from __future__ import annotations

import pytest
from django.test import Client
from django.urls import reverse

from rowad.portal.models import HolderAccount, OneTimeCode
from tests.portal.helpers import enter_code, last_sms_code, sign_up

pytestmark = pytest.mark.integration

ATTACKER, HOLDER = "192.0.2.66", "198.51.100.7"


def _log_in(client, captured, contact="0661 23 45 67"):
    with captured(execute=True):
        return client.post(reverse("portal:login"), {"country": "DZ", "contact": contact})


def _wrong(code: str) -> str:
    return "000000" if code != "000000" else "111111"


def test_attacker_failing_does_not_stop_the_holder_logging_in(
    world, settings, django_capture_on_commit_callbacks
):
    settings.PORTAL_OTP_MAX_FAILURES = 4
    settings.PORTAL_OTP_MAX_ATTEMPTS = 2
    settings.PORTAL_OTP_RESEND_SECONDS = 0
    holder = Client(REMOTE_ADDR=HOLDER)
    sign_up(holder, django_capture_on_commit_callbacks)
    enter_code(holder, last_sms_code())
    assert HolderAccount.objects.filter(phone="+213661234567").exists()
    holder.logout()

    attacker = Client(REMOTE_ADDR=ATTACKER)
    for _round in range(2):  # two codes, two wrong guesses each: 4 failures
        _log_in(attacker, django_capture_on_commit_callbacks)
        for _ in range(2):
            response = enter_code(attacker, _wrong(last_sms_code()))
            assert response.status_code == 400
    assert sum(OneTimeCode.objects.filter(requested_ip=ATTACKER).values_list("attempts", flat=True)) == 4

    # The attacker is locked: no new code, even for another phone.
    response = _log_in(attacker, django_capture_on_commit_callbacks, contact="0661 99 88 77")
    assert response.status_code == 400
    assert not OneTimeCode.objects.filter(destination="+213661998877").exists()

    # The holder, from their own browser and address, logs in.
    response = _log_in(holder, django_capture_on_commit_callbacks)
    assert response["Location"] == reverse("portal:verify")
    response = enter_code(holder, last_sms_code())
    assert response.status_code == 302
    assert holder.get(reverse("portal:home")).status_code == 200
