from __future__ import annotations

import re

from django.urls import reverse

from rowad.core.sms import MemorySMSBackend


def last_sms_code() -> str:
    return re.search(r"\d{6}", MemorySMSBackend.outbox[-1].body).group(0)


def sign_up(client, captured, *, contact="0661 23 45 67", country="DZ", language="ar", consent_contact=True):
    data = {"country": country, "contact": contact, "language": language, "consent_registration": "on"}
    if consent_contact:
        data["consent_contact"] = "on"
    with captured(execute=True):
        response = client.post(reverse("portal:signup"), data)
    return response


def enter_code(client, code: str, captured=None):
    if captured is None:
        return client.post(reverse("portal:verify"), {"code": code})
    with captured(execute=True):
        return client.post(reverse("portal:verify"), {"code": code})
