"""History rows keep their author as they were: id without a foreign key, username and full name."""

from django.conf import settings
from django.db import migrations

from qms_portal.migration_ops import history_author_operations


class Migration(migrations.Migration):
    dependencies = [
        ("objectives", "0002_printbatch_lease"),
        migrations.swappable_dependency(settings.AUTH_USER_MODEL),
    ]

    operations = history_author_operations("objectives", ["historicaldecision", "historicalobjective", "historicalsection", "historicaltarget"])
