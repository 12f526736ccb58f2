"""Django's `flush`, able to empty the append-only audit table on SQLite.

Flushing wipes the whole database (the test runner flushes after each transactional
test). PostgreSQL flushes with TRUNCATE, which row triggers do not see; SQLite flushes
with DELETE, which the audit table's trigger refuses: on SQLite this command alone drops
the two triggers for the flush and puts them back at once (rowad.core.chain). No code
path of the application deletes audit entries."""

from django.core.management.commands.flush import Command as FlushCommand
from django.db import connections

from rowad.core import chain


class Command(FlushCommand):
    def handle(self, **options):
        connection = connections[options["database"]]
        if connection.vendor != "sqlite" or not chain.triggers_installed(connection):
            return super().handle(**options)
        chain.drop_triggers(connection)
        try:
            return super().handle(**options)
        finally:
            chain.install_triggers(connection)
