#!/usr/bin/env bash
# Test docs/deploy/backup.sh and docs/deploy/restore.sh once, end to end, on scratch databases:
#   1. create a scratch PostgreSQL database, migrate it, load the demo data, add a few uploaded files;
#   2. back it up with backup.sh (and check that retention deletes an expired backup);
#   3. restore into a second, new scratch database and media folder with restore.sh;
#   4. compare: row counts of every table (key tables must be non-empty), sequence positions,
#      the uploaded files byte for byte, and `migrate --check` on the copy;
#   5. check that restore.sh refuses a non-empty target, and replaces it with RESTORE_CLEAN=1;
#   6. drop both scratch databases (always, also on failure).
# Exits non-zero on any mismatch. Loopback only; every step is bounded in time.
#
# Run from anywhere:  bash bench/check_backup_restore.sh
# Settings: PG_ADMIN_URL (default postgres://postgres@127.0.0.1:5432/postgres: a role that may
# create databases), PYTHON (default .venv/bin/python), STEP_TIMEOUT (seconds, default 300).
set -euo pipefail

ROOT="$(cd "$(dirname "$0")/.." && pwd)"
PYTHON="${PYTHON:-$ROOT/.venv/bin/python}"
PG_ADMIN_URL="${PG_ADMIN_URL:-postgres://postgres@127.0.0.1:5432/postgres}"
STEP_TIMEOUT="${STEP_TIMEOUT:-300}"
KEY_TABLES=(agencies_agency agencies_membership auth_user objectives_decision objectives_objective objectives_target)

say() { printf '== %s\n' "$*"; }
fail() { printf 'FAIL: %s\n' "$*" >&2; exit 1; }
t() { timeout --kill-after=10 "$STEP_TIMEOUT" "$@"; }
psql_admin() { t psql --no-psqlrc --no-password --quiet --tuples-only --no-align --dbname="$PG_ADMIN_URL" "$@"; }

[ -x "$PYTHON" ] || fail "$PYTHON not found: run 'make install' first"
for tool in psql pg_dump pg_restore sha256sum flock timeout; do
    command -v "$tool" >/dev/null || fail "$tool not found"
done
psql_admin --command='SELECT 1' >/dev/null || fail "cannot reach PostgreSQL at $PG_ADMIN_URL"

suffix="$(date +%s)_$$"
SRC_DB="qms_bk_src_$suffix"
DST_DB="qms_bk_dst_$suffix"
BAD_DB="qms_bk_bad_$suffix"
base_url="${PG_ADMIN_URL%/*}"
SRC_URL="$base_url/$SRC_DB"
DST_URL="$base_url/$DST_DB"
# backup.sh must not copy a password into its INFO file. With no password in PG_ADMIN_URL (trust
# or peer authentication, no ~/.pgpass), give the backup a fake one to check that: such servers
# never ask for it.
BACKUP_URL="$SRC_URL"
userinfo="${base_url#*://}"; userinfo="${userinfo%%@*}"
if [[ "$base_url" == *@* && "$userinfo" != *:* && -z "${PGPASSWORD:-}" && ! -e "$HOME/.pgpass" ]]; then
    BACKUP_URL="${base_url%%://*}://$userinfo:bench-fake-password@${base_url#*@}/$SRC_DB"
fi
WORK="$(mktemp -d -t qms-backup-check.XXXXXX)"

cleanup() {
    status=$?
    psql_admin --command="DROP DATABASE IF EXISTS $SRC_DB WITH (FORCE)" >/dev/null 2>&1 || true
    psql_admin --command="DROP DATABASE IF EXISTS $DST_DB WITH (FORCE)" >/dev/null 2>&1 || true
    psql_admin --command="DROP DATABASE IF EXISTS $BAD_DB WITH (FORCE)" >/dev/null 2>&1 || true
    rm -rf "$WORK"
    left=$(psql_admin --command="SELECT count(*) FROM pg_database WHERE datname IN ('$SRC_DB', '$DST_DB', '$BAD_DB')" 2>/dev/null || echo "?")
    [ "$left" = 0 ] || echo "WARNING: scratch databases may be left behind: $SRC_DB $DST_DB" >&2
    if [ "$status" = 0 ]; then echo "RESULT: backup/restore check passed"; else echo "RESULT: backup/restore check FAILED" >&2; fi
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM

manage() { # manage DATABASE_URL MEDIA_ROOT args...
    local url="$1" media="$2"
    shift 2
    (cd "$ROOT" && DEBUG=1 DATABASE_URL="$url" MEDIA_ROOT="$media" t "$PYTHON" manage.py "$@")
}

counts() { # counts DATABASE_URL -> "table<TAB>rows" for every table in public, sorted
    local url="$1" table
    for table in $(t psql --no-psqlrc --no-password --quiet --tuples-only --no-align --dbname="$url" \
        --command="SELECT tablename FROM pg_tables WHERE schemaname = 'public' ORDER BY tablename"); do
        printf '%s\t%s\n' "$table" \
            "$(t psql --no-psqlrc --no-password --quiet --tuples-only --no-align --dbname="$url" --command="SELECT count(*) FROM \"$table\"")"
    done
}

sequences() { # sequences DATABASE_URL -> "sequence<TAB>last_value" for every sequence in public
    t psql --no-psqlrc --no-password --quiet --tuples-only --no-align --field-separator=$'\t' --dbname="$1" \
        --command="SELECT sequencename, coalesce(last_value, 0) FROM pg_sequences WHERE schemaname = 'public' ORDER BY 1"
}

say "scratch databases $SRC_DB and $DST_DB, work folder $WORK"
psql_admin --command="CREATE DATABASE $SRC_DB" >/dev/null

say "migrate and load the demo data"
mkdir -p "$WORK/media" "$WORK/media-restored" "$WORK/backups"
manage "$SRC_URL" "$WORK/media" migrate --noinput >"$WORK/migrate.log" 2>&1 || { cat "$WORK/migrate.log"; fail "migrate failed"; }
manage "$SRC_URL" "$WORK/media" demo_data >"$WORK/demo.log" 2>&1 || { cat "$WORK/demo.log"; fail "demo_data failed"; }

# A few uploaded files, including a Vietnamese file name and a nested folder, as the app makes them.
mkdir -p "$WORK/media/scans/2026" "$WORK/media/evidence/1/2026" "$WORK/media/print-images"
head -c 200000 /dev/urandom >"$WORK/media/scans/2026/QĐ-15-Phước-An.pdf"
printf 'báo cáo quý I\n' >"$WORK/media/evidence/1/2026/bao-cao.txt"
head -c 5000 /dev/urandom >"$WORK/media/print-images/1_stamp_abc.png"

say "back up with docs/deploy/backup.sh"
# An expired backup from "30 days ago" that retention must delete, and a recent one it must keep.
mkdir -p "$WORK/backups/qms-portal-20000101-000000" "$WORK/backups/qms-portal-recent"
touch -d '30 days ago' "$WORK/backups/qms-portal-20000101-000000"
touch -d '2 days ago' "$WORK/backups/qms-portal-recent"
backup=$(DATABASE_URL="$BACKUP_URL" MEDIA_ROOT="$WORK/media" BACKUP_DIR="$WORK/backups" BACKUP_RETENTION_DAYS=14 \
    t bash "$ROOT/docs/deploy/backup.sh" | tail -n 1)
[ -d "$backup" ] || fail "backup.sh did not print a backup folder (got: $backup)"
for f in database.dump media.tar.gz INFO SHA256SUMS; do [ -s "$backup/$f" ] || fail "$backup/$f is missing or empty"; done
[ ! -e "$WORK/backups/qms-portal-20000101-000000" ] || fail "retention did not delete the 30-day-old backup"
[ -e "$WORK/backups/qms-portal-recent" ] || fail "retention deleted a 2-day-old backup"
if grep -q 'bench-fake-password' "$backup/INFO" || grep -Eq '://[^/@]*:[^/@]*@' "$backup/INFO"; then
    fail "INFO contains a password"
fi
[ "$(stat -c %a "$backup")" = 700 ] || fail "the backup folder is not private (mode $(stat -c %a "$backup"))"
echo "backup: $backup ($(du -sh "$backup" | cut -f1))"

say "restore into a new database with docs/deploy/restore.sh"
psql_admin --command="CREATE DATABASE $DST_DB" >/dev/null
DATABASE_URL="$DST_URL" MEDIA_ROOT="$WORK/media-restored" t bash "$ROOT/docs/deploy/restore.sh" "$backup"

compare() {
    say "compare source and copy ($1)"
    counts "$SRC_URL" >"$WORK/src.counts"
    counts "$DST_URL" >"$WORK/dst.counts"
    if ! diff -u "$WORK/src.counts" "$WORK/dst.counts"; then fail "row counts differ"; fi
    for table in "${KEY_TABLES[@]}"; do
        rows=$(awk -F'\t' -v t="$table" '$1 == t { print $2 }' "$WORK/src.counts")
        [ -n "$rows" ] || fail "table $table does not exist"
        [ "$rows" -gt 0 ] || fail "table $table is empty: the demo data did not load"
        printf '  %-34s %6s rows in both\n' "$table" "$rows"
    done
    while IFS=$'\t' read -r table rows; do
        case "$table" in reports_*) printf '  %-34s %6s rows in both\n' "$table" "$rows" ;; esac
    done <"$WORK/src.counts"
    echo "  all $(wc -l <"$WORK/src.counts") tables have the same row counts"
    sequences "$SRC_URL" >"$WORK/src.seq"
    sequences "$DST_URL" >"$WORK/dst.seq"
    if ! diff -u "$WORK/src.seq" "$WORK/dst.seq"; then fail "sequence positions differ (new rows would collide)"; fi
    echo "  all $(wc -l <"$WORK/src.seq") sequences are at the same position"
    if ! diff -r "$WORK/media" "$WORK/media-restored"; then fail "uploaded files differ"; fi
    echo "  uploaded files identical ($(find "$WORK/media" -type f | wc -l) files)"
    manage "$DST_URL" "$WORK/media-restored" migrate --check >/dev/null 2>&1 || fail "the copy has unapplied migrations"
    echo "  migrate --check: no unapplied migrations on the copy"
}
compare "restored into an empty database"

say "restore.sh must refuse a non-empty target without RESTORE_CLEAN=1"
if DATABASE_URL="$DST_URL" MEDIA_ROOT="$WORK/media-restored" t bash "$ROOT/docs/deploy/restore.sh" "$backup" 2>"$WORK/refused.log"; then
    fail "restore.sh overwrote a non-empty database without RESTORE_CLEAN=1"
fi
grep -q "RESTORE_CLEAN=1" "$WORK/refused.log" || { cat "$WORK/refused.log"; fail "restore.sh failed for another reason"; }
echo "  refused: $(tail -n 1 "$WORK/refused.log")"

say "restore.sh with RESTORE_CLEAN=1 replaces a changed copy"
t psql --no-psqlrc --no-password --quiet --dbname="$DST_URL" --command="DELETE FROM objectives_target WHERE id IN (SELECT id FROM objectives_target ORDER BY id LIMIT 3)" >/dev/null
echo "stray" >"$WORK/media-restored/stray-file.txt"
DATABASE_URL="$DST_URL" MEDIA_ROOT="$WORK/media-restored" RESTORE_CLEAN=1 t bash "$ROOT/docs/deploy/restore.sh" "$backup"
compare "after RESTORE_CLEAN=1 over a changed copy"

say "a damaged backup is refused"
cp -r "$backup" "$WORK/damaged"
printf 'x' | dd of="$WORK/damaged/database.dump" bs=1 seek=1000 conv=notrunc status=none
psql_admin --command="CREATE DATABASE $BAD_DB" >/dev/null
if DATABASE_URL="$base_url/$BAD_DB" RESTORE_MEDIA=0 t bash "$ROOT/docs/deploy/restore.sh" "$WORK/damaged" 2>"$WORK/damaged.log"; then
    fail "restore.sh restored a damaged backup"
fi
tables=$(t psql --no-psqlrc --no-password --quiet --tuples-only --no-align --dbname="$base_url/$BAD_DB" \
    --command="SELECT count(*) FROM pg_tables WHERE schemaname = 'public'")
[ "$tables" = 0 ] || fail "the refused restore left $tables tables behind"
grep -q "checksum" "$WORK/damaged.log" || { cat "$WORK/damaged.log"; fail "restore.sh failed on the damaged backup for another reason"; }
echo "  refused: $(tail -n 1 "$WORK/damaged.log")"
