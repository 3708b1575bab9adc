#!/usr/bin/env bash
# Back up QMS Portal: the PostgreSQL database (pg_dump, custom format) and the uploaded files
# (MEDIA_ROOT, as a tarball), into one new folder BACKUP_DIR/qms-portal-YYYYmmdd-HHMMSS/ with a
# SHA256SUMS file; then delete backups older than BACKUP_RETENTION_DAYS.
#
# Settings (environment variables; /etc/qms-portal/env provides them in production):
#   DATABASE_URL           postgres://user:password@host:port/db   (required)
#   MEDIA_ROOT             folder of uploaded files                  (required unless BACKUP_MEDIA=0)
#   BACKUP_DIR             where backups go            (default /var/backups/qms-portal)
#   BACKUP_RETENTION_DAYS  delete backups older than N days; 0 keeps all   (default 14)
#   BACKUP_MEDIA           1 = also archive MEDIA_ROOT, 0 = database only  (default 1)
#   PG_DUMP, PG_RESTORE    client programs (default: from PATH; must be at least the server's
#                          major version)
#
# Prints the new backup's folder as the last line on stdout; progress goes to stderr.
# Usage: set -a; . /etc/qms-portal/env; set +a; bash backup.sh
set -euo pipefail

: "${DATABASE_URL:?DATABASE_URL is not set (postgres://user:password@host:port/db)}"
BACKUP_DIR="${BACKUP_DIR:-/var/backups/qms-portal}"
BACKUP_RETENTION_DAYS="${BACKUP_RETENTION_DAYS:-14}"
BACKUP_MEDIA="${BACKUP_MEDIA:-1}"
PG_DUMP="${PG_DUMP:-pg_dump}"
PG_RESTORE="${PG_RESTORE:-pg_restore}"

log() { printf '%s backup: %s\n' "$(date '+%F %T')" "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

case "$BACKUP_RETENTION_DAYS" in '' | *[!0-9]*) die "BACKUP_RETENTION_DAYS must be a whole number of days" ;; esac
case "$DATABASE_URL" in postgres://* | postgresql://*) ;; *) die "DATABASE_URL must be a postgres:// URL" ;; esac
if [ "$BACKUP_MEDIA" = 1 ]; then
    : "${MEDIA_ROOT:?MEDIA_ROOT is not set (or set BACKUP_MEDIA=0 to back up the database only)}"
    [ -d "$MEDIA_ROOT" ] || die "MEDIA_ROOT $MEDIA_ROOT is not a folder"
fi
command -v "$PG_DUMP" >/dev/null || die "$PG_DUMP not found (apt-get install postgresql-client)"

# Backups hold every agency's data, signature and stamp images: readable by the owner only.
umask 077
mkdir -p "$BACKUP_DIR"

# One backup at a time.
exec 9>"$BACKUP_DIR/.lock"
flock -n 9 || die "another backup is running in $BACKUP_DIR"

name="qms-portal-$(date +%Y%m%d-%H%M%S)"
final="$BACKUP_DIR/$name"
work="$BACKUP_DIR/.$name.partial"
[ ! -e "$final" ] || die "$final already exists"
trap 'rm -rf "$work"' EXIT
mkdir "$work"

# 1. The database first: files uploaded while the media archive is written are then at worst
#    files the database does not know yet, never rows whose file is missing.
log "dumping the database"
"$PG_DUMP" --format=custom --compress=6 --no-password --file="$work/database.dump" --dbname="$DATABASE_URL"
"$PG_RESTORE" --list "$work/database.dump" >/dev/null || die "the dump cannot be read back"

# 2. The uploaded files.
if [ "$BACKUP_MEDIA" = 1 ]; then
    log "archiving $MEDIA_ROOT"
    tar --create --gzip --file="$work/media.tar.gz" --directory="$MEDIA_ROOT" .
fi

# 3. What this is, and checksums to verify before restoring.
{
    echo "created=$(date --iso-8601=seconds)"
    echo "host=$(hostname)"
    echo "database=$(printf '%s' "$DATABASE_URL" | sed -E 's#^(postgres(ql)?://)([^:@/]*)(:[^@/]*)?@#\1\3@#')"
    echo "media_root=${MEDIA_ROOT:-}"
    echo "pg_dump=$("$PG_DUMP" --version)"
} >"$work/INFO"
files=(database.dump INFO)
[ "$BACKUP_MEDIA" = 1 ] && files+=(media.tar.gz)
(cd "$work" && sha256sum "${files[@]}" >SHA256SUMS)

mv "$work" "$final"
trap - EXIT
log "written $final ($(du -sh "$final" | cut -f1))"

# 4. Retention: delete complete backups older than N days (never the one just written).
if [ "$BACKUP_RETENTION_DAYS" -gt 0 ]; then
    find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name 'qms-portal-*' \
        -mtime +"$((BACKUP_RETENTION_DAYS - 1))" ! -path "$final" -print0 |
        while IFS= read -r -d '' old; do
            log "deleting old backup $old"
            rm -rf -- "$old"
        done
    # Left-overs of interrupted runs.
    find "$BACKUP_DIR" -mindepth 1 -maxdepth 1 -type d -name '.qms-portal-*.partial' -mmin +1440 \
        -exec rm -rf -- {} +
fi

echo "$final"
