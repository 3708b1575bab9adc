"""Database triggers that hold two rules even against raw SQL, on PostgreSQL and SQLite alike:

- history tables are append-only: UPDATE, DELETE (and TRUNCATE on PostgreSQL) are refused;
- an issued or superseded decision, its sections, objectives and targets are frozen. Only what the
  application needs passes: issued -> superseded, the lock version, `updated_at`, the attached scan and
  the search key of the decision; links that follow other records (a parent agency's amended target or
  objective, a copy's source or a section being cleared, the creator's account being deleted).

Guards are named "history:<app label>" (every history table of the app) and "frozen:objectives". Migrations
install them (qms_portal.migration_ops.install_guards), and every `migrate` installs them again at its end
(post_migrate, `install_if_ready`): a later migration that adds a column to a frozen table, adds a tracked
model or rebuilds a table on SQLite (which drops its triggers) is covered without a migration of its own.
tests/test_audit_triggers.py checks that the triggers match the models. `suspended()` lifts them inside one
transaction, for `flush` and synthetic benchmark data only.
A database owner can still drop triggers: the guards stop the application, scripts and mistakes; the
history rows show who changed what.
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from contextlib import contextmanager

from django.apps import apps as global_apps
from django.db import connection as default_connection
from django.db import transaction

ALL = ("history:*", "frozen:objectives")
FROZEN_STATUSES = ("issued", "superseded")

# model -> (columns that may change freely, columns that may only be set to NULL)
FROZEN = {
    "Decision": ({"status", "lock_version", "updated_at", "scan", "search_key"}, {"created_by_id"}),
    "Section": (set(), {"copied_from_id"}),
    "Objective": ({"parent_objective_id"}, {"copied_from_id", "section_id"}),
    "Target": ({"parent_target_id"}, {"copied_from_id"}),
}
_STATUS_IN = "(" + ", ".join(f"'{s}'" for s in FROZEN_STATUSES) + ")"


def _q(name: str) -> str:
    return '"' + name + '"'


def _history_tables(apps, label: str) -> list[str]:
    configs = apps.get_app_configs() if label == "*" else [apps.get_app_config(label)]
    return sorted(
        m._meta.db_table
        for c in configs
        for m in c.get_models()
        if m.__name__.startswith("Historical") and any(f.name == "history_id" for f in m._meta.fields)
    )


def _frozen_tables(apps) -> dict[str, tuple[str, list[str], set[str], set[str]]]:
    """table -> (condition selecting a frozen OLD row, every column, free columns, to-NULL-only columns)."""
    decision = apps.get_model("objectives", "Decision")._meta.db_table
    objective = apps.get_model("objectives", "Objective")._meta.db_table
    parent_of = {
        "Decision": f"OLD.status IN {_STATUS_IN}",
        "Section": f"(SELECT status FROM {_q(decision)} WHERE id = OLD.decision_id) IN {_STATUS_IN}",
        "Objective": f"(SELECT status FROM {_q(decision)} WHERE id = OLD.decision_id) IN {_STATUS_IN}",
        "Target": (
            f"(SELECT d.status FROM {_q(decision)} d JOIN {_q(objective)} o ON o.decision_id = d.id "
            f"WHERE o.id = OLD.objective_id) IN {_STATUS_IN}"
        ),
    }
    tables = {}
    for name, (free, to_null) in FROZEN.items():
        model = apps.get_model("objectives", name)
        columns = [f.column for f in model._meta.concrete_fields]
        tables[model._meta.db_table] = (parent_of[name], columns, free, to_null)
    return tables


def _changed(vendor: str, columns: list[str], free: set[str], to_null: set[str], table: str) -> str:
    """SQL true when NEW differs from OLD in a way the guard does not allow."""
    differs = "IS DISTINCT FROM" if vendor == "postgresql" else "IS NOT"
    parts = [
        f"NEW.{_q(c)} {differs} OLD.{_q(c)}"
        for c in sorted(columns)
        if c not in free and c not in to_null and c != "status"
    ]
    parts += [f"(NEW.{_q(c)} {differs} OLD.{_q(c)} AND NEW.{_q(c)} IS NOT NULL)" for c in sorted(to_null)]
    if "status" in columns and "status" in free:
        parts.append("NOT (NEW.status = OLD.status OR (OLD.status = 'issued' AND NEW.status = 'superseded'))")
    return " OR ".join(parts) or "FALSE"


def _sql(vendor: str, guard: str, apps) -> list[str]:
    kind, _, label = guard.partition(":")
    statements: list[str] = []
    if kind == "history":
        for table in _history_tables(apps, label):
            message = f"qms: history rows are append-only ({table})"
            if vendor == "postgresql":
                statements += [
                    (
                        f"CREATE TRIGGER {_q('qms_guard_' + table)} BEFORE UPDATE OR DELETE ON {_q(table)} "
                        "FOR EACH ROW EXECUTE FUNCTION qms_guard_append_only()"
                    ),
                    (
                        f"CREATE TRIGGER {_q('qms_guard_' + table + '_truncate')} BEFORE TRUNCATE ON {_q(table)} "
                        "FOR EACH STATEMENT EXECUTE FUNCTION qms_guard_append_only()"
                    ),
                ]
            else:
                for op in ("UPDATE", "DELETE"):
                    statements.append(
                        f"CREATE TRIGGER {_q('qms_guard_' + table + '_' + op.lower())} BEFORE {op} ON {_q(table)} "
                        f"BEGIN SELECT RAISE(ABORT, '{message}'); END"
                    )
    elif kind == "frozen":
        for table, (frozen, columns, free, to_null) in _frozen_tables(apps).items():
            message = f"qms: an issued decision cannot be changed ({table})"
            changed = _changed(vendor, columns, free, to_null, table)
            if vendor == "postgresql":
                statements += [
                    (
                        f"CREATE OR REPLACE FUNCTION {_q('qms_guard_' + table)}() RETURNS trigger LANGUAGE plpgsql AS $$\n"
                        f"BEGIN\n  IF {frozen} THEN\n"
                        f"    IF TG_OP = 'DELETE' OR {changed} THEN\n"
                        f"      RAISE EXCEPTION '{message}' USING ERRCODE = 'integrity_constraint_violation';\n"
                        "    END IF;\n  END IF;\n"
                        "  IF TG_OP = 'DELETE' THEN RETURN OLD; END IF;\n  RETURN NEW;\nEND $$"
                    ),
                    (
                        f"CREATE TRIGGER {_q('qms_guard_' + table)} BEFORE UPDATE OR DELETE ON {_q(table)} "
                        f"FOR EACH ROW EXECUTE FUNCTION {_q('qms_guard_' + table)}()"
                    ),
                ]
            else:
                statements += [
                    (
                        f"CREATE TRIGGER {_q('qms_guard_' + table + '_update')} BEFORE UPDATE ON {_q(table)} "
                        f"WHEN {frozen} AND ({changed}) BEGIN SELECT RAISE(ABORT, '{message}'); END"
                    ),
                    (
                        f"CREATE TRIGGER {_q('qms_guard_' + table + '_delete')} BEFORE DELETE ON {_q(table)} "
                        f"WHEN {frozen} BEGIN SELECT RAISE(ABORT, '{message}'); END"
                    ),
                ]
    else:
        raise ValueError(f"unknown guard {guard!r}")
    return statements


def _tables(guard: str, apps) -> list[str]:
    kind, _, label = guard.partition(":")
    return _history_tables(apps, label) if kind == "history" else list(_frozen_tables(apps))


PG_APPEND_ONLY = (
    "CREATE OR REPLACE FUNCTION qms_guard_append_only() RETURNS trigger LANGUAGE plpgsql AS $$\n"
    "BEGIN\n  RAISE EXCEPTION 'qms: history rows are append-only (%)', TG_TABLE_NAME "
    "USING ERRCODE = 'integrity_constraint_violation';\nEND $$"
)


def _drop(cursor, vendor: str, guard: str, apps) -> None:
    for table in _tables(guard, apps):
        if vendor == "postgresql":
            for name in (f"qms_guard_{table}", f"qms_guard_{table}_truncate"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {_q(name)} ON {_q(table)}")
            cursor.execute(f"DROP FUNCTION IF EXISTS {_q('qms_guard_' + table)}()")
        else:
            for op in ("update", "delete"):
                cursor.execute(f"DROP TRIGGER IF EXISTS {_q(f'qms_guard_{table}_{op}')}")


def install(connection=None, *, names: Iterable[str] = ALL, apps=None) -> None:
    """(Re)create the guards' triggers; any existing ones of the same tables are replaced."""
    connection = connection or default_connection
    apps = apps or global_apps
    vendor = connection.vendor
    if vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        if vendor == "postgresql":
            cursor.execute(PG_APPEND_ONLY)
        for guard in names:
            _drop(cursor, vendor, guard, apps)
            for statement in _sql(vendor, guard, apps):
                cursor.execute(statement)


def install_if_ready(connection=None, *, apps=None) -> bool:
    """Install every guard when all the tables they cover exist (after a full `migrate`); else do nothing."""
    connection = connection or default_connection
    apps = apps or global_apps
    if connection.vendor not in ("postgresql", "sqlite"):
        return False
    existing = set(connection.introspection.table_names())
    try:
        needed = {table for guard in ALL for table in _tables(guard, apps)}
    except LookupError:  # migrated only part of the way: the models are not all there yet
        return False
    if not needed or not needed <= existing:
        return False
    install(connection, apps=apps)
    return True


def uninstall(connection=None, *, names: Iterable[str] = ALL, apps=None) -> None:
    connection = connection or default_connection
    apps = apps or global_apps
    if connection.vendor not in ("postgresql", "sqlite"):
        return
    with connection.cursor() as cursor:
        for guard in names:
            _drop(cursor, connection.vendor, guard, apps)


@contextmanager
def suspended(connection=None) -> Iterator[None]:
    """Lift every guard inside one transaction (DDL is transactional on both databases: if anything fails,
    the guards come back with the rollback). For `flush` and synthetic data only."""
    connection = connection or default_connection
    with transaction.atomic(using=connection.alias):
        uninstall(connection)
        yield
        install(connection)


def problems(connection=None) -> list[str]:
    """Guards missing or out of date against the current models (empty when all is in place)."""
    connection = connection or default_connection
    vendor = connection.vendor
    found: list[str] = []
    with connection.cursor() as cursor:
        for guard in ALL:
            expected = _sql(vendor, guard, global_apps)
            if vendor == "sqlite":
                cursor.execute("SELECT sql FROM sqlite_master WHERE type = 'trigger' AND name LIKE 'qms_guard_%'")
                installed = {row[0].strip() for row in cursor.fetchall()}
                found += [f"{guard}: missing or different: {s[:90]}" for s in expected if s not in installed]
            else:
                cursor.execute("SELECT tgname FROM pg_trigger WHERE NOT tgisinternal AND tgname LIKE 'qms_guard_%%'")
                triggers = {row[0] for row in cursor.fetchall()}
                for statement in expected:
                    if statement.startswith("CREATE TRIGGER"):
                        name = statement.split('"')[1]
                        if name not in triggers:
                            found.append(f"{guard}: trigger {name} missing")
                    else:
                        name = statement.split('"')[1]
                        cursor.execute("SELECT prosrc FROM pg_proc WHERE proname = %s", [name])
                        row = cursor.fetchone()
                        body = statement.split("$$", 1)[1].rsplit("$$", 1)[0]
                        if row is None or row[0].strip() != body.strip():
                            found.append(f"{guard}: function {name} missing or different")
    return found
