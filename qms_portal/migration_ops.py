"""Migration operations shared by the apps' migrations (keep these stable: migrations import them).

- `history_author_operations`: history rows keep their author's id as a plain number (no foreign key, so
  deleting a user changes nothing) plus the author's username and full name, filled for existing rows.
- `install_guards`: (re)install the database triggers of qms_portal.dbguards on the tables given;
  `uninstall_guards` lifts them around a schema change (SQLite rebuilds tables to add columns).
"""

from django.conf import settings
from django.db import migrations, models


def _backfill(app_label: str, names: list[str]):
    def run(apps, schema_editor):
        user_model = apps.get_model(*settings.AUTH_USER_MODEL.split("."))
        users = {
            u.pk: (u.username, f"{u.first_name} {u.last_name}".strip())
            for u in user_model.objects.using(schema_editor.connection.alias).all()
        }
        for name in names:
            model = apps.get_model(app_label, name)
            rows = model.objects.using(schema_editor.connection.alias)
            for user_id in rows.exclude(history_user_id=None).values_list("history_user_id", flat=True).distinct():
                username, full_name = users.get(user_id, ("", ""))
                rows.filter(history_user_id=user_id).update(history_username=username, history_user_full_name=full_name)

    return run


def history_author_operations(app_label: str, names: list[str]) -> list:
    operations = []
    for name in names:
        operations += [
            migrations.SeparateDatabaseAndState(
                database_operations=[
                    migrations.AlterField(
                        model_name=name,
                        name="history_user",
                        field=models.ForeignKey(
                            null=True,
                            on_delete=models.DO_NOTHING,
                            db_constraint=False,
                            related_name="+",
                            to=settings.AUTH_USER_MODEL,
                        ),
                    ),
                ],
                state_operations=[
                    migrations.RemoveField(model_name=name, name="history_user"),
                    migrations.AddField(
                        model_name=name,
                        name="history_user_id",
                        field=models.IntegerField(blank=True, db_index=True, null=True),
                    ),
                ],
            ),
            migrations.AddField(
                model_name=name,
                name="history_username",
                field=models.CharField(blank=True, default="", max_length=150),
            ),
            migrations.AddField(
                model_name=name,
                name="history_user_full_name",
                field=models.CharField(blank=True, default="", max_length=300),
            ),
        ]
    operations.append(migrations.RunPython(_backfill(app_label, names), migrations.RunPython.noop))
    return operations


def install_guards(*tables_or_kinds):
    """RunPython operation installing qms_portal.dbguards triggers for the given guard names."""

    def run(apps, schema_editor):
        from qms_portal import dbguards

        dbguards.install(schema_editor.connection, names=tables_or_kinds, apps=apps)

    def reverse(apps, schema_editor):
        from qms_portal import dbguards

        dbguards.uninstall(schema_editor.connection, names=tables_or_kinds)

    return migrations.RunPython(run, reverse)


def uninstall_guards(*tables_or_kinds):
    """RunPython operation lifting the given guards (before a schema change that SQLite makes by rebuilding a
    table); pair it with `install_guards` at the end of the same migration."""

    def run(apps, schema_editor):
        from qms_portal import dbguards

        dbguards.uninstall(schema_editor.connection, names=tables_or_kinds, apps=apps)

    def reverse(apps, schema_editor):
        from qms_portal import dbguards

        dbguards.install(schema_editor.connection, names=tables_or_kinds, apps=apps)

    return migrations.RunPython(run, reverse)
