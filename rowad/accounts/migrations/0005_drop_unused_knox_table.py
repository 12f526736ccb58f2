"""django-rest-knox's own migrations create `knox_authtoken` even though its model is
swapped for `accounts.ApiToken` (KNOX_TOKEN_MODEL): its first migrations predate the
swappable option. Nothing uses that table, and Django's flush skips swapped models, so on
PostgreSQL its foreign key to the users made every TRUNCATE of the users fail (test
databases, `flush`). Drop it."""

from django.db import migrations


class Migration(migrations.Migration):
    dependencies = [
        ("accounts", "0004_api_tokens"),
        ("knox", "0009_extend_authtoken_field"),
    ]

    operations = [
        migrations.RunSQL("DROP TABLE IF EXISTS knox_authtoken", reverse_sql=migrations.RunSQL.noop),
    ]
