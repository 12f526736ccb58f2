"""The one path for messages to a person: `notify` records one `Message` per channel
(written in the person's language, idempotent on its key) and a task sends it after the
transaction commits. At send time the person's contact consent for that channel is read
again: withdrawn meanwhile, the message is not sent (status "no consent"). Failures are
logged as attempts and retried with a growing delay.

Email goes through Django's mail backends; SMS through rowad.core.sms
(ROWAD_SMS_BACKEND). Login one-time codes do not use this path (rowad.portal.otp): they
answer a request the person just made and carry no consent."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from datetime import timedelta
from typing import Any

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation

from rowad.core.concurrency import acting_user
from rowad.core.sms import SMSMessage, get_sms_backend
from rowad.people.queries import contact_consent_given

from .enums import FINAL_STATUSES, Channel, MessageStatus
from .models import Message, MessageAttempt

MAX_ATTEMPTS = 5
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
LANGUAGES = ("ar", "fr", "en")

Composer = Callable[[Any], tuple[str, str]]


def language_of(person: Any) -> str:
    return person.preferred_language if person.preferred_language in LANGUAGES else "ar"


def address_of(person: Any, channel: str) -> str:
    return (person.email if channel == Channel.EMAIL else person.phone) or ""


def notify(
    person: Any,
    *,
    channels: Iterable[str],
    kind: str,
    compose: Composer,
    idempotency_key: str,
    actor: Any = None,
    topic: str = "",
) -> list[Message]:
    """Record a message to `person` on each channel where they have an address and send
    it after commit. `compose(person)` returns (subject, body); it runs in the person's
    language. Calling it again with the same key returns the existing messages and sends
    nothing more (each returned message has `is_new`)."""
    language = language_of(person)
    with translation.override(language):
        subject, body = compose(person)
    created, messages = [], []
    for channel in channels:
        recipient = address_of(person, channel)
        if not recipient:
            continue
        key = f"{idempotency_key}:{channel}"[:160]
        try:
            with transaction.atomic():
                message, is_new = Message.objects.get_or_create(
                    idempotency_key=key,
                    defaults={
                        "person": person,
                        "channel": channel,
                        "kind": kind[:80],
                        "topic": topic[:80],
                        "recipient": recipient,
                        "language": language,
                        "subject": subject[:200] if channel == Channel.EMAIL else "",
                        "body": body,
                        "created_by": acting_user(actor),
                    },
                )
        except IntegrityError:  # the same key queued concurrently
            message, is_new = Message.objects.get(idempotency_key=key), False
        message.is_new = is_new
        messages.append(message)
        if is_new:
            created.append(message.pk)
    for pk in created:
        transaction.on_commit(lambda pk=pk: enqueue(pk))
    return messages


def enqueue(message_id: int, delay: timedelta | None = None) -> None:
    from .tasks import send_message

    task = send_message
    if delay is not None:
        if not task.get_backend().supports_defer:
            return  # retried by `manage.py retry_messages` instead
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(message_id)


def _send(message: Message, recipient: str) -> str:
    if message.channel == Channel.EMAIL:
        EmailMessage(
            subject=message.subject,
            body=message.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[recipient],
        ).send(fail_silently=False)
        return ""
    return get_sms_backend().send(SMSMessage(to=recipient, body=message.body)) or ""


def deliver(message_id: int) -> str:
    """One delivery attempt; returns the resulting status. Safe to run twice: the row is
    locked and a message in a final state is never attempted again."""
    with transaction.atomic():
        message = Message.objects.select_for_update().select_related("person").filter(pk=message_id).first()
        if message is None:
            return ""
        if message.status in FINAL_STATUSES or message.attempts_count >= MAX_ATTEMPTS:
            return message.status
        person = message.person
        if not contact_consent_given(person, message.channel):
            message.status = MessageStatus.NO_CONSENT
            message.save(update_fields=["status"])
            return message.status
        # The address of today (the person may have changed it, or been erased).
        recipient = address_of(person, message.channel)
        if not recipient:
            message.status = MessageStatus.NO_RECIPIENT
            message.save(update_fields=["status"])
            return message.status
        message.recipient = recipient
        message.attempts_count += 1
        try:
            provider_id = _send(message, recipient)
        except Exception as exc:  # any gateway failure is logged and retried
            MessageAttempt.objects.create(message=message, success=False, error=str(exc)[:2000])
            message.status = MessageStatus.FAILED
            message.save(update_fields=["attempts_count", "status", "recipient"])
            attempts = message.attempts_count
            if attempts < MAX_ATTEMPTS:
                delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
                transaction.on_commit(lambda: enqueue(message_id, delay))
            return message.status
        MessageAttempt.objects.create(message=message, success=True, provider_id=str(provider_id)[:200])
        message.status = MessageStatus.SENT
        message.sent_at = timezone.now()
        message.save(update_fields=["attempts_count", "status", "sent_at", "recipient"])
        return message.status


def retry_failed(limit: int = 500) -> int:
    """Send again the failed messages that have attempts left (for task backends
    without deferred runs; `manage.py retry_messages` runs it)."""
    ids = list(
        Message.objects.filter(status=MessageStatus.FAILED, attempts_count__lt=MAX_ATTEMPTS).values_list(
            "pk", flat=True
        )[:limit]
    )
    for pk in ids:
        deliver(pk)
    return len(ids)
