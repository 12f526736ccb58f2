"""Notifications to holders: one Notification row per (state change, holder, channel),
written in the holder's language, sent by a task after the transaction commits, every
attempt logged, failures retried with a growing delay.

Email goes through Django's mail backends (console/file by default, SMTP by settings:
ROWAD_EMAIL_BACKEND, ROWAD_EMAIL_HOST…); SMS through rowad.core.sms (ROWAD_SMS_BACKEND)."""

from __future__ import annotations

from datetime import timedelta

from django.conf import settings
from django.core.mail import EmailMessage
from django.db import IntegrityError, transaction
from django.utils import timezone, translation
from django.utils.module_loading import import_string
from django.utils.translation import gettext as _

from rowad.core.sms import SMSMessage

from .enums import Channel, DeliveryStatus, DossierState
from .models import Notification, NotificationAttempt, StateChange

MAX_ATTEMPTS = 5
RETRY_DELAYS = [timedelta(minutes=1), timedelta(minutes=5), timedelta(minutes=30), timedelta(hours=2)]
LANGUAGES = ("ar", "fr", "en")


def _message_for(change: StateChange) -> tuple[str, str]:
    """(subject, body) in the active language."""
    dossier = change.dossier
    state = str(DossierState(change.to_state).label)
    subject = _("Your dossier %(reference)s: %(state)s") % {"reference": dossier.reference, "state": state}
    lines = [
        _("Your dossier “%(title)s” (%(reference)s) is now: %(state)s.")
        % {
            "title": dossier.title,
            "reference": dossier.reference,
            "state": state,
        }
    ]
    if change.to_state == DossierState.TO_REVISE and change.note:
        lines.append(_("What to revise or deepen: %(note)s") % {"note": change.note})
    elif change.note and change.to_state in (
        DossierState.REJECTED,
        DossierState.DEFERRED,
        DossierState.CLOSED,
    ):
        lines.append(_("Reason: %(note)s") % {"note": change.note})
    return subject, "\n".join(lines)


def notify_state_change(change_id: int) -> list[int]:
    """Create the notifications of one state change and enqueue their delivery. Safe to
    call twice (one row per change, holder and channel)."""
    change = StateChange.objects.select_related("dossier").filter(pk=change_id).first()
    if change is None:
        return []
    ids = []
    for link in change.dossier.holder_links.select_related("person"):
        person = link.person
        language = person.preferred_language if person.preferred_language in LANGUAGES else "ar"
        with translation.override(language):
            subject, body = _message_for(change)
        for channel, recipient in ((Channel.EMAIL, person.email), (Channel.SMS, person.phone)):
            if not recipient:
                continue
            key = f"state:{change.pk}:{person.pk}:{channel}"
            try:
                with transaction.atomic():
                    notification, created = Notification.objects.get_or_create(
                        key=key,
                        defaults={
                            "dossier": change.dossier,
                            "person": person,
                            "channel": channel,
                            "event": f"state.{change.to_state}",
                            "recipient": recipient,
                            "language": language,
                            "subject": subject if channel == Channel.EMAIL else "",
                            "body": body,
                        },
                    )
            except IntegrityError:
                continue
            if created:
                ids.append(notification.pk)
    for pk in ids:
        _enqueue(pk)
    return ids


def _enqueue(notification_id: int, delay: timedelta | None = None) -> None:
    from .tasks import send_notification

    task = send_notification
    if delay is not None:
        if not task.get_backend().supports_defer:
            return  # retried by `manage.py retry_notifications` instead
        task = task.using(run_after=timezone.now() + delay)
    task.enqueue(notification_id)


def _send(notification: Notification) -> str:
    if notification.channel == Channel.EMAIL:
        EmailMessage(
            subject=notification.subject,
            body=notification.body,
            from_email=settings.DEFAULT_FROM_EMAIL,
            to=[notification.recipient],
        ).send(fail_silently=False)
        return ""
    backend = import_string(settings.ROWAD_SMS_BACKEND)()
    return backend.send(SMSMessage(to=notification.recipient, body=notification.body)) or ""


def deliver(notification_id: int) -> str:
    """One delivery attempt (safe to run twice: a sent notification is not sent again).
    Returns the resulting status."""
    with transaction.atomic():
        notification = Notification.objects.select_for_update().filter(pk=notification_id).first()
        if notification is None or notification.status == DeliveryStatus.SENT:
            return notification.status if notification else ""
        if notification.attempts_count >= MAX_ATTEMPTS:
            return notification.status
        notification.attempts_count += 1
        try:
            provider_id = _send(notification)
        except Exception as exc:
            NotificationAttempt.objects.create(
                notification=notification, success=False, error=str(exc)[:2000]
            )
            notification.status = DeliveryStatus.FAILED
            notification.save(update_fields=["attempts_count", "status"])
            attempts = notification.attempts_count
            if attempts < MAX_ATTEMPTS:
                delay = RETRY_DELAYS[min(attempts - 1, len(RETRY_DELAYS) - 1)]
                transaction.on_commit(lambda: _enqueue(notification_id, delay))
            return notification.status
        NotificationAttempt.objects.create(
            notification=notification, success=True, provider_id=str(provider_id)[:200]
        )
        notification.status = DeliveryStatus.SENT
        notification.sent_at = timezone.now()
        notification.save(update_fields=["attempts_count", "status", "sent_at"])
        return notification.status


def retry_failed(limit: int = 500) -> int:
    """Re-send failed notifications that have attempts left (for backends without
    deferred tasks; `manage.py retry_notifications` runs it)."""
    ids = list(
        Notification.objects.filter(
            status=DeliveryStatus.FAILED, attempts_count__lt=MAX_ATTEMPTS
        ).values_list("pk", flat=True)[:limit]
    )
    for pk in ids:
        deliver(pk)
    return len(ids)
