"""Database triggers (qms_portal.dbguards): history rows of this app are append-only; issued decisions, their sections, objectives and targets are frozen."""

from django.db import migrations

from qms_portal.migration_ops import install_guards


class Migration(migrations.Migration):
    dependencies = [("objectives", "0003_history_author")]

    operations = [install_guards("history:objectives", "frozen:objectives")]
