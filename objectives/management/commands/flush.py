"""`manage.py flush` (which empties every table, and which the test runner calls between transactional
tests) with the database guards of qms_portal.dbguards lifted for the duration and restored after."""

from django.core.management.commands import flush
from django.db import connections

from qms_portal import dbguards


class Command(flush.Command):
    def handle(self, **options):
        connection = connections[options.get("database") or "default"]
        with dbguards.suspended(connection):
            return super().handle(**options)
