"""The holder's side of a person's data: export as PDF, erasure after the officer's
approval leaves nothing of them (log-in, one-time codes, messages included)."""

from __future__ import annotations

import subprocess

import pytest
from django.urls import reverse
from django.utils import timezone

from rowad.messaging import services as messaging
from rowad.messaging.models import Message
from rowad.people.models import PersonErasure
from rowad.people.services import record_consent
from rowad.portal.models import OneTimeCode
from tests.people.test_personal_data import _rows_mentioning
from tests.portal.factories import ErasureRequestFactory

pytestmark = pytest.mark.integration


def test_holder_downloads_a_pdf_of_their_data_in_their_language(client, holder, tmp_path):
    user, _account, person = holder
    person.preferred_language = "fr"
    person.save()
    client.force_login(user)

    response = client.get(reverse("portal:export_pdf"))

    assert response.status_code == 200
    assert response.content.startswith(b"%PDF")
    (tmp_path / "mine.pdf").write_bytes(response.content)
    text = subprocess.run(
        ["pdftotext", str(tmp_path / "mine.pdf"), "-"], capture_output=True, text=True
    ).stdout
    assert "Données personnelles" in text
    assert "Amina" in text


def test_approved_erasure_leaves_nothing_of_the_holder(
    client, holder, world, django_capture_on_commit_callbacks
):
    user, account, person = holder
    needles = [v for v in (person.name_latin, person.phone, account.phone) if v]
    record_consent(person, purpose="contact", actor=None)
    with django_capture_on_commit_callbacks(execute=True):
        messaging.notify(
            person,
            channels=("sms",),
            kind="test.reminder",
            compose=lambda p: ("", f"Bonjour {p.name_latin}"),
            idempotency_key="reminder:1",
        )
    OneTimeCode.objects.create(
        channel="sms",
        destination=account.phone,
        purpose="login",
        salt="s",
        code_hash="h",
        expires_at=timezone.now(),
    )
    erasure = ErasureRequestFactory(person=person, requested_by=user, reason=f"Moi, {person.name_latin}")
    assert _rows_mentioning(needles)
    client.force_login(world.users["agency_officer"])

    with django_capture_on_commit_callbacks(execute=True):
        response = client.post(reverse("portal:erasure_decide", args=[erasure.pk]), {"decision": "erase"})

    assert response.status_code == 302
    assert _rows_mentioning(needles) == []
    assert not OneTimeCode.objects.filter(destination=account.phone).exists()
    assert Message.objects.get().body == ""
    record = PersonErasure.objects.get(person=person)
    assert {k["model"] for k in record.kept} >= {"messaging.message", "portal.erasurerequest"}
    page = client.get(reverse("people:detail", args=[person.pk])).content.decode()
    assert 'id="erasure-record"' in page
