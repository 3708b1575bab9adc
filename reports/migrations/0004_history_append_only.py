"""Database triggers (qms_portal.dbguards): history rows of this app are append-only (UPDATE and DELETE refused)."""

from django.db import migrations

from qms_portal.migration_ops import install_guards


class Migration(migrations.Migration):
    dependencies = [("reports", "0003_history_author")]

    operations = [install_guards("history:reports")]
