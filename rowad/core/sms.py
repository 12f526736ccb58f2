"""Pluggable SMS backends, chosen by settings.ROWAD_SMS_BACKEND (like EMAIL_BACKEND)."""

from __future__ import annotations

import json
import urllib.request
from dataclasses import dataclass
from datetime import UTC, datetime

from django.conf import settings
from django.utils.module_loading import import_string


class SMSDeliveryError(Exception):
    pass


@dataclass(frozen=True)
class SMSMessage:
    to: str
    body: str


class BaseSMSBackend:
    def send(self, message: SMSMessage) -> str:
        """Deliver one message; return the gateway's message id. Raise SMSDeliveryError."""
        raise NotImplementedError


class FileSMSBackend(BaseSMSBackend):
    """Development default: append each message to var/sms.log."""

    def send(self, message: SMSMessage) -> str:
        path = settings.VAR_DIR / "sms.log"
        stamp = datetime.now(UTC).isoformat()
        with path.open("a", encoding="utf-8") as handle:
            handle.write(
                json.dumps({"at": stamp, "to": message.to, "body": message.body}, ensure_ascii=False) + "\n"
            )
        return f"file-{stamp}"


class MemorySMSBackend(BaseSMSBackend):
    """Tests: messages are kept in `outbox`."""

    outbox: list[SMSMessage] = []

    def send(self, message: SMSMessage) -> str:
        MemorySMSBackend.outbox.append(message)
        return f"memory-{len(MemorySMSBackend.outbox)}"


class HttpSMSBackend(BaseSMSBackend):
    """A JSON-over-HTTP gateway: POST {"to", "text"} with a bearer token to
    ROWAD_SMS_GATEWAY_URL; any 2xx answer is a success."""

    timeout = 10

    def send(self, message: SMSMessage) -> str:
        url = settings.ROWAD_SMS_GATEWAY_URL
        if not url.startswith(("https://", "http://")):
            raise SMSDeliveryError("ROWAD_SMS_GATEWAY_URL is not configured")
        request = urllib.request.Request(  # noqa: S310 - scheme checked above
            url,
            data=json.dumps({"to": message.to, "text": message.body}).encode(),
            headers={
                "Content-Type": "application/json",
                "Authorization": f"Bearer {settings.ROWAD_SMS_GATEWAY_TOKEN}",
            },
            method="POST",
        )
        try:
            with urllib.request.urlopen(request, timeout=self.timeout) as response:  # noqa: S310
                body = response.read().decode() or "{}"
        except OSError as exc:
            raise SMSDeliveryError(str(exc)) from exc
        try:
            return str(json.loads(body).get("id", ""))
        except ValueError:
            return ""


def get_sms_backend() -> BaseSMSBackend:
    return import_string(settings.ROWAD_SMS_BACKEND)()
