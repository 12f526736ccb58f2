"""The audit trail becomes a hash chain, append-only in the database.

Existing entries are numbered and hashed in id order, the chain head is set, then
triggers refuse UPDATE and DELETE (PostgreSQL and SQLite; rowad.core.chain). On SQLite a
later migration that rebuilds core_auditentry drops its triggers: reinstall them in
that migration (chain.install_triggers); tests/core/test_audit_chain.py checks they exist."""

import django.db.models.deletion
import django.utils.timezone
from django.conf import settings
from django.db import migrations, models

from rowad.core import chain


def backfill(apps, schema_editor):
    Entry = apps.get_model("core", "AuditEntry")
    Head = apps.get_model("core", "AuditChainHead")
    db = schema_editor.connection.alias
    head = Head(pk=1, seq=0, hash=chain.GENESIS)
    for entry in Entry.objects.using(db).order_by("id").iterator(chunk_size=2000):
        chain.seal([entry], head=head)
        Entry.objects.using(db).filter(pk=entry.pk).update(
            seq=entry.seq, hash=entry.hash, data=entry.data, object_id=entry.object_id
        )
    head.save(using=db)


def install(apps, schema_editor):
    chain.install_triggers(schema_editor.connection)


def uninstall(apps, schema_editor):
    chain.drop_triggers(schema_editor.connection)


class Migration(migrations.Migration):

    dependencies = [
        ('core', '0002_load_geography'),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = [
        migrations.CreateModel(
            name='AuditChainHead',
            fields=[
                ('id', models.BigAutoField(auto_created=True, primary_key=True, serialize=False, verbose_name='ID')),
                ('seq', models.PositiveBigIntegerField(default=0)),
                ('hash', models.CharField(blank=True, default='', max_length=64)),
            ],
            options={
                'verbose_name': 'audit chain head',
                'verbose_name_plural': 'audit chain heads',
            },
        ),
        migrations.CreateModel(
            name='AuditText',
            fields=[
                ('entry', models.OneToOneField(on_delete=django.db.models.deletion.PROTECT, primary_key=True, related_name='text', serialize=False, to='core.auditentry')),
                ('texts', models.JSONField(blank=True, default=dict, verbose_name='texts')),
            ],
            options={
                'verbose_name': 'audit entry text',
                'verbose_name_plural': 'audit entry texts',
            },
        ),
        migrations.AddField(
            model_name='auditentry',
            name='hash',
            field=models.CharField(default='', editable=False, max_length=64, verbose_name='chain hash'),
        ),
        migrations.AddField(
            model_name='auditentry',
            name='seq',
            field=models.PositiveBigIntegerField(editable=False, null=True, unique=True, verbose_name='number in the chain'),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='actor',
            field=models.ForeignKey(blank=True, null=True, on_delete=django.db.models.deletion.PROTECT, related_name='+', to=settings.AUTH_USER_MODEL),
        ),
        migrations.AlterField(
            model_name='auditentry',
            name='created_at',
            field=models.DateTimeField(db_index=True, default=django.utils.timezone.now, editable=False, verbose_name='when'),
        ),
        migrations.RunPython(backfill, migrations.RunPython.noop),
        migrations.AlterField(
            model_name='auditentry',
            name='seq',
            field=models.PositiveBigIntegerField(editable=False, unique=True, verbose_name='number in the chain'),
        ),
        migrations.RunPython(install, uninstall),
    ]
