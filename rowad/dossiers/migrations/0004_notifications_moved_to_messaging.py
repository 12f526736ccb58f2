"""Dossier notifications now go through the one messaging path: copy every
Notification (and its attempts) into messaging.Message / MessageAttempt, keeping its key,
status, attempts and dates, then drop the old tables."""

from django.db import migrations


def copy_notifications(apps, schema_editor):
    Notification = apps.get_model("dossiers", "Notification")
    NotificationAttempt = apps.get_model("dossiers", "NotificationAttempt")
    Message = apps.get_model("messaging", "Message")
    MessageAttempt = apps.get_model("messaging", "MessageAttempt")
    for old in Notification.objects.order_by("pk").iterator():
        # Old key "state:<change>:<person>:<channel>" → the key notify_state_change uses now.
        parts = old.key.split(":")
        key = f"dossiers.state:{':'.join(parts[1:])}" if parts[0] == "state" else f"dossiers.{old.key}"
        message, created = Message.objects.get_or_create(
            idempotency_key=key[:160],
            defaults={
                "person_id": old.person_id,
                "channel": old.channel,
                "kind": f"dossiers.{old.event}"[:80],
                "topic": f"dossiers.dossier:{old.dossier_id}" if old.dossier_id else "",
                "recipient": old.recipient,
                "language": old.language,
                "subject": old.subject,
                "body": old.body,
                "status": old.status,
                "attempts_count": old.attempts_count,
                "sent_at": old.sent_at,
            },
        )
        if not created:
            continue
        Message.objects.filter(pk=message.pk).update(created_at=old.created_at)
        for attempt in NotificationAttempt.objects.filter(notification_id=old.pk).order_by("pk"):
            new = MessageAttempt.objects.create(
                message=message, success=attempt.success, error=attempt.error, provider_id=attempt.provider_id
            )
            MessageAttempt.objects.filter(pk=new.pk).update(at=attempt.at)


class Migration(migrations.Migration):
    dependencies = [
        ("dossiers", "0003_history_without_version"),
        ("messaging", "0001_messages_to_people"),
    ]

    operations = [
        migrations.RunPython(copy_notifications, migrations.RunPython.noop),
        migrations.RemoveField(model_name="notificationattempt", name="notification"),
        migrations.DeleteModel(name="Notification"),
        migrations.DeleteModel(name="NotificationAttempt"),
    ]
